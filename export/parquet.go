package export

import (
	"io"

	"github.com/parquet-go/parquet-go"

	"github.com/dyad-events/dyad"
)

// parquetRowGroup is the number of rows buffered per row group: large
// enough for good compression, small enough to keep memory flat.
const parquetRowGroup = 10000

// parquetWriter writes Rows as a Parquet file (zstd-compressed), one row
// group per parquetRowGroup events.
type parquetWriter struct {
	w   *parquet.GenericWriter[Row]
	buf []Row
}

func newParquet(w io.Writer, _ Options) Writer {
	return &parquetWriter{w: parquet.NewGenericWriter[Row](w, parquet.Compression(&parquet.Zstd),
		parquet.CreatedBy("dyad", "", ""))}
}

func (p *parquetWriter) Write(e dyad.StoredEvent) error {
	p.buf = append(p.buf, NewRow(e))
	if len(p.buf) >= parquetRowGroup {
		return p.flush()
	}
	return nil
}

func (p *parquetWriter) flush() error {
	if len(p.buf) == 0 {
		return nil
	}
	if _, err := p.w.Write(p.buf); err != nil {
		return err
	}
	p.buf = p.buf[:0]
	return p.w.Flush()
}

func (p *parquetWriter) Close() error {
	if err := p.flush(); err != nil {
		return err
	}
	return p.w.Close()
}

/// The sizes of the pieces a `CSVTable` is read in: segments of bytes scanned side by side, and chunks of rows
/// whose columns are parsed side by side. Results and messages are the same for any sizes (tests read small
/// files in pieces of a few bytes); the sizes only trade parallel work against overhead.
struct CSVChunking: Sendable {
    /// Bytes per segment (and per chunk of rows) that one core takes at a time; at most 64 pieces.
    var pieceBytes: Int
    /// Bytes between two rows of the row index (`CSVRowIndex`): the most walked to reach one row.
    var indexBytes: Int

    /// 4 MiB pieces (a 268 MB file in 64) and a row indexed every 64 KiB.
    static let standard = CSVChunking(pieceBytes: 4 << 20, indexBytes: 64 << 10)

    /// The number of pieces for `count` bytes: between 1 and `limit`.
    func pieces(_ count: Int, limit: Int = 64) -> Int {
        max(1, min(limit, count / max(1, pieceBytes)))
    }
}

/// Where the data rows of a CSV file start, without an offset per row: the start of the first row of every
/// few kilobytes (`CSVChunking.indexBytes`), with its row number. One row is reached by walking from the
/// indexed row before it; columns are parsed by chunks of indexed rows.
struct CSVRowIndex: Sendable {
    /// Byte offset of each indexed row's start, increasing.
    var positions: [Int] = []
    /// The 0-based data row of each indexed row, increasing; `rows[0] == 0`.
    var rows: [Int] = []
    /// The number of data rows.
    var rowCount = 0

    /// The number of indexed rows.
    var count: Int { positions.count }

    /// The data rows from indexed row `entry` up to the next indexed row (or the last row).
    func rows(from entry: Int, to end: Int) -> Range<Int> {
        rows[entry]..<(end < count ? rows[end] : rowCount)
    }

    /// The last indexed row at or before data row `row`.
    func entry(before row: Int) -> Int {
        var low = 0, high = count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if rows[middle] <= row { low = middle } else { high = middle - 1 }
        }
        return low
    }
}

extension CSVTable {
    /// A cursor at the start of data row `row`, reached by walking from the indexed row before it.
    func cursor(row: Int) -> CSVCursor {
        let entry = rowIndex.entry(before: row)
        var cursor = CSVCursor(bytes: bytes.buffer, position: rowIndex.positions[entry], line: line(ofRow: row),
                               delimiter: format.delimiter.byte)
        for _ in rowIndex.rows[entry]..<row {
            cursor.skipFields(header.count)
            cursor.skipBlankLines()
        }
        return cursor
    }

    /// Calls `body(row, &cursor)` for every data row of the indexed rows `entries` (and the rows after each
    /// up to the next), in order, with the cursor at the row's start; `body` must read the row's fields to its
    /// end (`header.count` fields).
    func forEachRow(in entries: Range<Int>, _ body: (Int, inout CSVCursor) throws -> Void) rethrows {
        guard !entries.isEmpty else { return }
        var cursor = CSVCursor(bytes: bytes.buffer, position: rowIndex.positions[entries.lowerBound], line: 0,
                               delimiter: format.delimiter.byte)
        for row in rowIndex.rows(from: entries.lowerBound, to: entries.upperBound) {
            cursor.skipBlankLines()
            try body(row, &cursor)
        }
    }

    /// The indexed rows split into `chunking.pieces` chunks of about equal bytes, in order.
    func rowChunks() -> [Range<Int>] {
        let pieces = chunking.pieces(bytes.buffer.count)
        let count = rowIndex.count
        return (0..<min(pieces, count)).map { piece in
            (count * piece / min(pieces, count))..<(count * (piece + 1) / min(pieces, count))
        }
    }
}

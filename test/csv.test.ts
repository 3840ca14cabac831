// Unit tests of the CSV reader and writer of terminal import/export (src/admin/csv.ts).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvToTerminals, fromSpreadsheetCell, parseCsv, toCsv, toSpreadsheetCell } from "../src/admin/csv";
import { ApiError } from "../src/admin/errors";

/** The ApiError a call throws, or a failure when it does not throw one. */
function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error("expected an ApiError");
}

// Cells full of what CSV must quote, plus any Unicode.
const csvChars = fc.constantFrom('"', ",", "\r", "\n", "\r\n", " ", "a", "é", "\uFEFF", "\t", "0");
const cell = fc.oneof(
  fc.string({ unit: csvChars, maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.string({ maxLength: 12 }),
);
// A row with no cells, or one empty cell, is a blank line: it carries no terminal, so the reader drops it.
const row = fc.array(cell, { minLength: 1, maxLength: 6 }).filter((r) => !(r.length === 1 && r[0] === ""));

describe("toCsv → parseCsv", () => {
  it("round-trips any cells, including quotes, commas, CR and LF", () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 8 }), (rows) => {
        expect(parseCsv(toCsv(rows))).toEqual(rows.map((r) => r.map(toSpreadsheetCell)));
      }),
      { numRuns: 2000 },
    );
  });

  it("round-trips with a BOM and with LF instead of CRLF line ends", () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 8 }), (rows) => {
        const csv = toCsv(rows);
        const written = rows.map((r) => r.map(toSpreadsheetCell));
        expect(parseCsv("\uFEFF" + csv)).toEqual(written);
        // Only the line ends between records become LF; the quoted CR LF inside a cell stays.
        const lf = rows.map((r) => toCsv([r]).slice(0, -2)).join("\n");
        expect(parseCsv(lf)).toEqual(written);
      }),
      { numRuns: 500 },
    );
  });

  it("round-trips rows whose first row holds semicolons and tabs (they are quoted, so the separator stays a comma)", () => {
    const rows = [["a;b;c", "d\te\tf"], ["1", "2"]];
    expect(toCsv(rows)).toBe('"a;b;c","d\te\tf"\r\n1,2\r\n');
    expect(parseCsv(toCsv(rows))).toEqual(rows);
  });

  it("neutralises spreadsheet formulas: a cell starting with = + - @ tab or CR gets a leading '", () => {
    const csv = toCsv([["=HYPERLINK(\"http://evil.example\")", "+1", "-2", "@SUM(A1)", "\t=1", "\r=1", "plain", "a=b", -3]]);
    expect(parseCsv(csv)).toEqual([["'=HYPERLINK(\"http://evil.example\")", "'+1", "'-2", "'@SUM(A1)", "'\t=1", "'\r=1", "plain", "a=b", "-3"]]);
  });

  it("the import takes the export's quote off again: a neutralised cell comes back as it was", () => {
    fc.assert(
      fc.property(cell, (value) => {
        // A cell that itself starts with ' and a formula character is the one ambiguity (docs/tokens.md).
        fc.pre(!/^'[=+\-@\t\r]/.test(value));
        expect(fromSpreadsheetCell(toSpreadsheetCell(value))).toBe(value);
      }),
      { numRuns: 2000 },
    );
    const { objects } = csvToTerminals(parseCsv(toCsv([["mac", "name", "displayName"], ["001565aabbcc", "=cmd", "+Reception"]])));
    expect(objects[0]).toEqual({ mac: "001565aabbcc", name: "=cmd", lines: [{ position: 1, displayName: "+Reception" }] });
  });

  it("round-trips a first cell that starts with U+FEFF (a BOM-looking character is data there)", () => {
    const rows = [["\uFEFFcompanyId", "x"], ["1", "2"]];
    expect(parseCsv(toCsv(rows))).toEqual(rows);
  });

  it("writes numbers, booleans and nulls as text, and quotes only where needed", () => {
    expect(toCsv([[1, true, false, null, undefined, "plain", 'a"b', "a,b", "a\nb"]])).toBe(
      '1,true,false,,,plain,"a""b","a,b","a\nb"\r\n',
    );
  });
});

describe("parseCsv", () => {
  it("reads RFC 4180 quoting: commas, doubled quotes and line breaks inside quotes", () => {
    expect(parseCsv('a,"b,c","say ""hi""","x\r\ny"\r\n1,2,3,4\r\n')).toEqual([
      ["a", "b,c", 'say "hi"', "x\r\ny"],
      ["1", "2", "3", "4"],
    ]);
  });

  it("takes CRLF, LF and a lone CR as line ends, and skips blank lines", () => {
    expect(parseCsv("a,b\r\n1,2\n3,4\r5,6\n\n\r\n")).toEqual([
      ["a", "b"],
      ["1", "2"],
      ["3", "4"],
      ["5", "6"],
    ]);
  });

  it("drops a UTF-8 BOM at the start only", () => {
    expect(parseCsv("\uFEFFmac,name\n1,2")).toEqual([
      ["mac", "name"],
      ["1", "2"],
    ]);
  });

  it("keeps empty cells, including a trailing one without a final line end", () => {
    expect(parseCsv("a,,c\n,,")).toEqual([
      ["a", "", "c"],
      ["", "", ""],
    ]);
  });

  it("refuses an unterminated quoted field with a 400", () => {
    const err = apiError(() => parseCsv('mac,name\n001565aabbcc,"Reception\n'));
    expect(err.status).toBe(400);
    expect(err.code).toBe("invalid_csv");
    expect(err.message).toMatch(/quoted field/);
  });

  it("detects a semicolon or tab separator from the header (Excel in es, fr, de locales), commas then being data", () => {
    expect(parseCsv('mac;name;enabled\r\n001565aabbcc;"Smith; J.";1,5\r\n')).toEqual([
      ["mac", "name", "enabled"],
      ["001565aabbcc", "Smith; J.", "1,5"],
    ]);
    expect(parseCsv("mac\tname\n001565aabbcc\tSmith, J.\n")).toEqual([
      ["mac", "name"],
      ["001565aabbcc", "Smith, J."],
    ]);
    // A header of one column has no separator: a comma file.
    expect(parseCsv("mac\n001565aabbcc\n")).toEqual([["mac"], ["001565aabbcc"]]);
  });

  it("refuses a stray quote, naming its row (1 = first terminal) and column", () => {
    const after = apiError(() => parseCsv('mac,name\n001565aabbcc,Desk\n001565aabbcd,"x"y\n'));
    expect(after.status).toBe(400);
    expect(after.code).toBe("invalid_csv");
    expect(after.details).toEqual([{ path: "rows[2].name", row: 2, column: 2, field: "name", message: expect.stringMatching(/after a closing quote/) }]);
    expect(after.message).toMatch(/row 2, column 2 \(name\)/);

    const inside = apiError(() => parseCsv('mac;name\r\n001565aabbcc;12" screen\r\n'));
    expect(inside.details).toEqual([{ path: "rows[1].name", row: 1, column: 2, field: "name", message: expect.stringMatching(/inside an unquoted field/) }]);

    const header = apiError(() => parseCsv('mac,"name"x\n'));
    expect(header.details).toMatchObject([{ path: "rows[0].column2", row: 0, column: 2 }]);
  });

  it("returns no rows for an empty file", () => {
    expect(parseCsv("")).toEqual([]);
    expect(parseCsv("\uFEFF")).toEqual([]);
  });
});

describe("csvToTerminals", () => {
  it("turns rows into POST /terminals bodies: numbers, booleans, lines by column", () => {
    const { objects } = csvToTerminals(
      parseCsv(
        "companyId,model,mac,name,enabled,username,password,line2.username,line2.displayName\n" +
          "7,yealink-t21p,001565aabbcc,Desk,false,100,pw1,200,Second\n" +
          "7,yealink-t21p,001565aabbcd,,yes,101,,,\n",
      ),
    );
    expect(objects).toEqual([
      {
        companyId: 7,
        model: "yealink-t21p",
        mac: "001565aabbcc",
        name: "Desk",
        enabled: false,
        lines: [
          { position: 1, username: "100", password: "pw1" },
          { position: 2, username: "200", displayName: "Second" },
        ],
      },
      // Empty cells are absent fields: defaults apply, no empty line 2.
      { companyId: 7, model: "yealink-t21p", mac: "001565aabbcd", enabled: true, lines: [{ position: 1, username: "101" }] },
    ]);
  });

  it("trims header names", () => {
    const { objects } = csvToTerminals([[" mac ", "name"], ["001565aabbcc", "x"]]);
    expect(objects).toEqual([{ mac: "001565aabbcc", name: "x" }]);
  });

  it("refuses unknown columns, naming each", () => {
    const err = apiError(() => csvToTerminals([["mac", "colour", "line2.pasword", "line0.username"], ["1", "2", "3", "4"]]));
    expect(err.status).toBe(400);
    expect(err.details.map((d) => d.path)).toEqual(["colour", "line2.pasword", "line0.username"]);
  });

  it("refuses a file with no header", () => {
    expect(apiError(() => csvToTerminals([])).status).toBe(400);
  });

  it("keeps extra cells beyond the header as a field the validation refuses", () => {
    const { objects } = csvToTerminals([["mac"], ["001565aabbcc", "surplus", "more"]]);
    expect(objects[0]).toEqual({ mac: "001565aabbcc", "(extra cells)": "surplus,more" });
  });

  it("maps validation paths back to CSV columns", () => {
    const { columnFor } = csvToTerminals(
      parseCsv("mac,username,password,line3.username,line3.password\n1,a,b,c,d\n2,,,e,f\n"),
    );
    expect(columnFor(0, "lines.0.password")).toBe("password");
    expect(columnFor(0, "lines.1.password")).toBe("line3.password");
    // Row 2 has no line 1: its first line is line 3.
    expect(columnFor(1, "lines.0.username")).toBe("line3.username");
    expect(columnFor(1, "mac")).toBe("mac");
  });
});

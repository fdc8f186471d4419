// Parquet input (hyparquet), on files this test writes with hyparquet-writer.
import { describe, expect, it } from 'vitest';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { DataError } from '../../src/errors.js';
import { readTable, readTableSync } from '../../src/data/read.js';
import { parseTable } from '../../src/data/sources.js';
import { MixedLM } from '../../src/model/mixedlm.js';
import { memoryIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { tempFile } from './helpers.js';

const sleep = readTableSync('data/sleepstudy.csv');
const reaction = Float64Array.from(sleep.numeric('Reaction'));
const days = Int32Array.from(sleep.numeric('Days'));
const subject = Array.from(sleep.column('Subject').values as (string | null)[]);

function sleepParquet(): Uint8Array {
  const buf = parquetWriteBuffer({
    columnData: [
      { name: 'Reaction', data: reaction, type: 'DOUBLE' },
      { name: 'Days', data: days, type: 'INT32' },
      { name: 'Subject', data: subject, type: 'STRING' },
    ],
    rowGroupSize: 50, // 4 row groups: the reader must put the chunks back in order
  });
  return new Uint8Array(buf);
}

describe('Parquet input', () => {
  it('reads sleepstudy written to Parquet (4 row groups) into the same table, and fits to the same numbers', async () => {
    const path = tempFile('sleep.parquet', sleepParquet());
    const t = await readTable(path);
    expect(t.names).toEqual(['Reaction', 'Days', 'Subject']);
    expect(t.nrow).toBe(180);
    expect(Array.from(t.numeric('Reaction'))).toEqual(Array.from(reaction));
    expect(Array.from(t.numeric('Days'))).toEqual(Array.from(days));
    expect(t.column('Subject').values).toEqual(subject);
    const f = 'Reaction ~ Days + (Days | Subject)';
    const a = MixedLM.fromFormula(f, t).fit();
    const b = MixedLM.fromFormula(f, sleep).fit();
    expect(a.llf).toBe(b.llf); // identical data → identical fit
    expect(a.feParams).toEqual(b.feParams);
  });

  it('nulls become missing; booleans and 64-bit integers convert; types override; bytes without a name are sniffed', async () => {
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'y', data: [1.5, null, 3.5], type: 'DOUBLE', nullable: true },
          { name: 'b', data: [true, false, null], type: 'BOOLEAN', nullable: true },
          { name: 'n', data: BigInt64Array.of(7n, 8n, 9n), type: 'INT64' },
          { name: 'g', data: ['u', null, 'u'], type: 'STRING', nullable: true },
        ],
      }),
    );
    const t = await parseTable(bytes); // PAR1 magic, no file name
    expect(Array.from(t.numeric('y'))).toEqual([1.5, NaN, 3.5]);
    expect(t.column('b').values).toEqual(['True', 'False', null]);
    expect(Array.from(t.numeric('n'))).toEqual([7, 8, 9]);
    expect(t.column('g').values).toEqual(['u', null, 'u']);
    const t2 = await parseTable(bytes.buffer as ArrayBuffer, { types: { n: 'categorical' } });
    expect(t2.column('n').values).toEqual(['7', '8', '9']);
    await expect(parseTable(bytes, { types: { nn: 'numeric' } })).rejects.toThrow(/no column 'nn'.*did you mean 'n'/);
  });

  it('a damaged or mislabelled Parquet file is a DataError naming the file; readTableSync sends Parquet to readTable', async () => {
    const good = sleepParquet();
    const cut = tempFile('cut.parquet', good.subarray(0, good.length - 20));
    await expect(readTable(cut)).rejects.toBeInstanceOf(DataError);
    await expect(readTable(cut)).rejects.toThrow(/cut\.parquet/);
    const broken = good.slice();
    broken.fill(0, 100, 400); // inside the data pages, magic intact
    await expect(readTable(tempFile('broken.parquet', broken))).rejects.toBeInstanceOf(DataError);
    expect(() => readTableSync(tempFile('s.parquet', good))).toThrow(/Parquet file: use the async readTable/);
  });

  it('mixedlm fit reads .parquet files', async () => {
    const path = tempFile('cli.parquet', sleepParquet());
    const io = memoryIO();
    const code = await main(['fit', path, '-f', 'Reaction ~ Days + (Days | Subject)', '--json'], io);
    expect(code).toBe(0);
    const j = JSON.parse(io.stdout);
    expect(j.llf).toBe(MixedLM.fromFormula('Reaction ~ Days + (Days | Subject)', sleep).fit().llf);
    expect(j.nobs).toBe(180);
  });
});

import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA_DIR_MARKER, prepareDataDir, wipeDataDir } from './data-dir';

describe('the data directory', () => {
  it('is created with its marker, and emptied by a wipe that removes only what the stack keeps there', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'data-')), 'rewind');
    prepareDataDir(dir);
    expect(readdirSync(dir)).toEqual([DATA_DIR_MARKER]);
    mkdirSync(join(dir, 'kafka', 'data'), { recursive: true });
    mkdirSync(join(dir, 'ferretdb'));
    writeFileSync(join(dir, 'running-stack.json'), '{}');

    expect(wipeDataDir(dir)).toEqual(['kafka', 'ferretdb', 'running-stack.json', DATA_DIR_MARKER]);
    expect(existsSync(dir)).toBe(false);
    expect(wipeDataDir(dir)).toEqual([]);
  });

  it('keeps a file of someone else’s that was put beside the data', () => {
    const dir = mkdtempSync(join(tmpdir(), 'data-'));
    prepareDataDir(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    wipeDataDir(dir);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('is never a directory that holds other things: neither used nor wiped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'home-'));
    writeFileSync(join(dir, 'thesis.tex'), '…');
    expect(() => prepareDataDir(dir)).toThrow(/holds other files \(thesis.tex\) and is not a Rewind data directory/);
    expect(() => wipeDataDir(dir)).toThrow(/is not a Rewind data directory/);
    expect(readdirSync(dir)).toEqual(['thesis.tex']);
  });
});

import t from 'tap';
import { buildOptions, findOption, numericOption, optionFindings, TFTP_OPTION_LIMITS } from '../../../lib/codec/tftp/index.js';
import type { ProvcertError } from '../../../lib/errors.js';

t.test('buildOptions writes valid values in a fixed order and refuses out-of-range ones', async (t) => {
  t.strictSame(buildOptions({ windowsize: 4, tsize: 0, blksize: 1428, timeout: 3 }), [
    { name: 'blksize', value: '1428' }, { name: 'timeout', value: '3' }, { name: 'tsize', value: '0' }, { name: 'windowsize', value: '4' },
  ]);
  for (const bad of [{ blksize: 7 }, { blksize: 65465 }, { timeout: 0 }, { timeout: 3000 }, { windowsize: 0 }, { windowsize: 65536 }, { tsize: -1 }, { blksize: 512.5 }]) {
    const e = t.throws(() => buildOptions(bad)) as ProvcertError;
    t.equal(e.code, 'PC_ERR_ENCODE_INVALID', JSON.stringify(bad));
  }
});

t.test('findOption and numericOption ignore case (RFC 2347)', async (t) => {
  const opts = [{ name: 'BlkSize', value: '1024' }, { name: 'tsize', value: 'abc' }];
  t.equal(findOption(opts, 'BLKSIZE')?.value, '1024');
  t.equal(numericOption(opts, 'blksize'), 1024);
  t.equal(numericOption(opts, 'tsize'), undefined);
  t.equal(numericOption(opts, 'timeout'), undefined);
});

t.test('optionFindings reports per-option offsets and the limits table matches the RFCs', async (t) => {
  const f = optionFindings([{ name: 'blksize', value: '4' }, { name: 'windowsize', value: '70000' }], 'options', [10, 24]);
  t.strictSame(f.map((x) => [x.code, x.offset, x.path]), [['tftp-blksize-out-of-range', 10, 'options.blksize'], ['tftp-windowsize-out-of-range', 24, 'options.windowsize']]);
  t.strictSame([TFTP_OPTION_LIMITS['blksize']!.min, TFTP_OPTION_LIMITS['blksize']!.max], [8, 65464]);
  t.strictSame([TFTP_OPTION_LIMITS['timeout']!.min, TFTP_OPTION_LIMITS['timeout']!.max], [1, 255]);
  t.strictSame([TFTP_OPTION_LIMITS['windowsize']!.min, TFTP_OPTION_LIMITS['windowsize']!.max], [1, 65535]);
});

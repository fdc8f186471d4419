/** Hand-written nasty inputs for the fuzz corpus. */

const deep = (k: number): string => `${'('.repeat(k)}x${')'.repeat(k)}`;
const sum = (k: number): string => Array.from({ length: k }, (_, i) => (i % 2 ? 'x' : 'z')).join(' + ');

export const NASTY_FORMULAS: unknown[] = [
  '', ' ', '~', 'y ~', '~ x', 'y ~ ~ x', 'y ~ (', 'y ~ )', 'y ~ ()', 'y ~ (1|)', 'y ~ (|g)', 'y ~ x | g', 'y ~ (1|g', 'y ~ 1|g)',
  'y ~ (1||g)', 'y ~ x + (x|g) + (x|h)', 'y ~ 0', 'y ~ -1', 'y ~ 0 + (1|g)', 'y ~ 1 + (0|g)', 'y ~ I()', 'y ~ log()', 'y ~ C()',
  'y ~ C(g, Treatment("zz")) + (1|h)', 'y ~ `', 'y ~ ``', 'y ~ `Subject id` + (1|`Subject id`)', 'y ~ x.', 'y ~ .', 'y ~ x + (1|g)(1|h)',
  '\u0000', 'y ~ 1e999 + (1|g)', 'y ~ x**-1 + (1|g)', 'y ~ (((x))) + (1|g)', 'y ~ x + ((1|g))', 'y ~ x + (1|(g))', 'y ~ x + (1|g:g)',
  'y ~ x + (1|g/h/g)', 'y ~ x + (x + z + C(h) | g)', 'y ~ x * z * C(h) * C(g) + (1|g)', 'y ~ x + (1 | Q("Subject id"))',
  'y ~ x + (1|h) + (1|g) + (1|g:h) + (1|`Subject id`)', 'log(z) ~ x + (1|g)', 'I(y - y) ~ x + (1|g)', 'g ~ x + (1|h)',
  `y ~ ${deep(150)} + (1|g)`, `y ~ ${deep(250)} + (1|g)`, `y ~ ${deep(20000)}`, `y ~ I(${deep(5000)})`, `y ~ ${'-'.repeat(5000)}x`,
  `y ~ ${sum(900)} + (1|g)`, `y ~ ${sum(5000)} + (1|g)`, `y ~ I(${sum(5000)}) + (1|g)`, `${sum(3000)} ~ x`,
  'y ~ x + (1|g) ~ z', 'y ~ x +', 'y ~ + x + (1|g)', 'y ~ x + (1|g) - (1|g)', 'y ~ C(h, Treatment(reference=1)) + (1|g)',
  'y ~ np.sqrt(x) + np.exp(-x) + (1|g)', 'y ~ standardize(z) + center(Days.2) + (1|g)', 'y ~ I(x > 2) + (1|g)', 'y ~ I("a") + (1|g)',
  null, undefined, 42, {}, ['y ~ x'],
];

export const NASTY_CSV: string[] = [
  '', '\n', '\n\n\n', 'y,x,g', 'y,x,g\n', '"', '"""', 'y,y\n1,2\n', 'a\n1\n2\n', 'y,x,g\n1,2\n', '\uFEFF', '\r\r\r', ',,,\n,,,\n',
  'y,x,g\n1,1,a\n', 'y,x,g\n1,1,a\n2,2,a\n3,3,b\n4,4,b\n', 'y,x,g\n1,1,a\n1,2,a\n1,3,b\n1,4,b\n1,5,c\n1,6,c\n',
  'y,x,g\nInf,1,a\n2,2,a\n3,3,b\n4,4,b\n5,5,c\n6,6,c\n', 'y,x,g\n1,1e400,a\n2,2,a\n3,3,b\n4,4,b\n5,5,c\n6,6,c\n',
  'y,x,g\n1,NA,a\n2,NA,a\n3,NA,b\n4,NA,b\n5,NA,c\n6,NA,c\n', 'y,x,g\nNA,1,a\nNA,2,a\n', '"y","x","g"\n"1","2","a"\n"2","3","a"\n"3","1","b"\n"4","2","b"\n"5","6","c"\n"6","1","c"\n',
  'y;x;g\n1;2;a\n2;3;a\n3;1;b\n4;2;b\n5;6;c\n6;1;c\n', 'y\tx\tg\n1\t2\ta\n2\t3\ta\n3\t1\tb\n4\t2\tb\n5\t6\tc\n6\t1\tc\n',
  'y,x,g\n1,2,a\n2,3,"a\n3,1,b\n', `y,x,g\n${Array.from({ length: 40 }, (_, i) => `${i % 3 === 0 ? '2e200' : i},${i},g${i % 4}`).join('\n')}\n`,
];

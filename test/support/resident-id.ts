/** Valid and deliberately broken PRC resident id numbers (GB 11643-1999) for end-to-end tests. */
import { checkCharacter } from '../../libs/shared/src/resident-id';

let next = 0;

/** A valid 18-character resident id: area, birth date, a sequence unique in this process, check character. */
export function residentId(opts: { area?: string; birth?: string; seq?: number } = {}): string {
  const area = opts.area ?? '511302'; // 四川省南充市顺庆区
  const birth = opts.birth ?? '19800101';
  const seq = opts.seq ?? ++next % 1000;
  const first17 = `${area}${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

/** A valid resident id whose check character is X (tests the upper/lower case handling). */
export function residentIdEndingInX(birth = '19750505'): string {
  for (let seq = 0; seq < 1000; seq++) {
    const id = residentId({ birth, seq });
    if (id.endsWith('X')) return id;
  }
  throw new Error('no sequence gives check character X');
}

/** The same id with a wrong check character. */
export function withBadChecksum(id: string): string {
  const good = id[17];
  const bad = '0123456789X'.split('').find((c) => c !== good)!;
  return id.slice(0, 17) + bad;
}

/** An id with an impossible birth date (1980-02-30) but a correct check character. */
export function withBadBirthDate(): string {
  const first17 = '511302' + '19800230' + '123';
  return first17 + checkCharacter(first17);
}

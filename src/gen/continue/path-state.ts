import type { Audience } from '../audience.js';
import type { Campaign } from '../campaigns.js';
import type { BasePath, BaseReplay } from './base-paths.js';
/**
 * The base's campaign paths as a drop saves them for the next increment (one body per chunk,
 * src/gen/continue/path-state-file.ts frames and checks it), so the increment reads each base
 * person's paths instead of replaying the base's whole campaign activity (base-paths.ts). A cache
 * only: a record holds exactly what the replay returns (the tests compare increments written from
 * both), and a drop without it is continued by replaying.
 *
 * A body starts with the id span and the time origin (the base window's start), then one record
 * per base person in generation order; integers are LEB128 varints (signed ones zigzagged: ids as
 * their number within the person's span, times from the origin, people as the step from the
 * previous), fractions raw Float64 (little-endian):
 *   person, audience (primarySegment, classification, propensity, n, segments…), n, reached…,
 *   n × (channel, intensity),
 *   n paths × (campaign id, n touches × (number, type, time, valueCents, noAction: 0 none, 1 no, 2 yes),
 *     n late × (exposure number, time, channel, type, time, followUp),
 *     n ahead × (exposure number, time, channel))
 * Measured at 3,000 households: 345 bytes a person as Float64s, 103 as varints with a path's
 * weights each (deflate level 1 gave 3.3× too, at 34 ms a chunk), and with the intensities once.
 */

/** Appends varints and Float64s to a growing byte array. */
class Bytes {
  private data = new Uint8Array(1 << 16);
  private view = new DataView(this.data.buffer);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.data.length) return;
    const grown = new Uint8Array(Math.max(this.data.length * 2, this.length + n));
    grown.set(this.data.subarray(0, this.length));
    this.data = grown;
    this.view = new DataView(grown.buffer);
  }

  uint(x: number): void {
    // A fraction or an id past 2^53 would be written wrong: never silently.
    if (!Number.isSafeInteger(x) || x < 0) throw new Error(`path state: ${x} is not an unsigned integer`);
    this.room(8);
    while (x >= 128) {
      this.data[this.length++] = (x % 128) | 128;
      x = Math.floor(x / 128);
    }
    this.data[this.length++] = x;
  }

  int(x: number): void {
    if (!Number.isSafeInteger(x)) throw new Error(`path state: ${x} is not an integer`);
    this.uint(x < 0 ? -2 * x - 1 : 2 * x);
  }

  f64(x: number): void {
    this.room(8);
    this.view.setFloat64(this.length, x, true);
    this.length += 8;
  }

  finish(): Uint8Array {
    return this.data.slice(0, this.length);
  }
}

/** Collects one chunk's records (see above). */
export class PathStateWriter {
  private readonly out = new Bytes();
  private person = 0;

  /** `span`: the lineage's per-person id span; `origin`: the base window's first microsecond. */
  constructor(
    private readonly span: number,
    private readonly origin: number,
  ) {
    this.out.uint(span);
    this.out.int(origin);
  }

  record(personId: number, r: BaseReplay): void {
    const o = this.out;
    const number = (id: number) => o.uint(id - personId * this.span);
    const time = (micros: number) => o.int(micros - this.origin);
    o.uint(personId - this.person);
    this.person = personId;
    const a = r.audience;
    o.uint(a.primarySegment);
    o.uint(a.classification);
    o.f64(a.propensity);
    o.uint(a.segments.length);
    for (const x of a.segments) o.uint(x);
    o.uint(r.reached.size);
    for (const x of r.reached) o.uint(x);
    // A person's exposures drawn after the base carry the channel weights of their campaign, and all
    // of one person's are their channel intensities (campaign-activity.ts): saved once, by channel.
    const intensity = new Map<number, number>();
    for (const p of r.paths)
      if (p.ahead.length)
        p.c.channels.forEach((ch, i) => {
          const w = p.ahead[0].weights[i];
          if ((intensity.get(ch) ?? w) !== w) throw new Error(`path state: two weights for channel ${ch}`);
          intensity.set(ch, w);
        });
    o.uint(intensity.size);
    for (const [ch, w] of intensity) {
      o.uint(ch);
      o.f64(w);
    }
    o.uint(r.paths.length);
    for (const p of r.paths) {
      o.uint(p.c.id);
      o.uint(p.touches.length);
      for (const t of p.touches) {
        const drawn = r.noAction.get(t.id);
        number(t.id);
        o.uint(t.type);
        time(t.micros);
        o.int(t.valueCents);
        o.uint(drawn === undefined ? 0 : drawn ? 2 : 1);
      }
      o.uint(p.late.length);
      for (const l of p.late) {
        number(l.e.id);
        time(l.e.micros);
        o.int(l.e.channel);
        o.uint(l.type);
        time(l.micros);
        o.uint(l.followUp ? 1 : 0);
      }
      o.uint(p.ahead.length);
      for (const x of p.ahead) {
        number(x.e.id);
        time(x.e.micros);
        o.int(x.e.channel);
      }
    }
  }

  /** The body, sized to what was written. */
  finish(): Uint8Array {
    return this.out.finish();
  }
}

/** Reads records in order, for people asked about in increasing id order (generation order). */
export class PathStateReader {
  private at = 0;
  private readonly view: DataView;
  private readonly span: number;
  private readonly origin: number;
  private readonly replayed: Map<number, Campaign>;
  /** The id of the record at `at` (read ahead), or −1 past the end. */
  private person = -1;

  /** `campaigns`: the base campaigns this increment replays; paths on later ones are left out, as the replay leaves them. */
  constructor(
    private readonly data: Uint8Array,
    campaigns: readonly Campaign[],
  ) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    this.replayed = new Map(campaigns.map((c) => [c.id, c]));
    this.span = this.uint();
    this.origin = this.int();
    this.nextPerson(0);
  }

  private nextPerson(previous: number): void {
    this.person = this.at < this.data.length ? previous + this.uint() : -1;
  }

  /** The person's record, or undefined when the body has none (then the caller replays). */
  take(personId: number): BaseReplay | undefined {
    while (this.person >= 0 && this.person < personId) this.read();
    return this.person === personId ? this.read() : undefined;
  }

  private uint(): number {
    let x = 0;
    let scale = 1;
    for (;;) {
      if (this.at >= this.data.length) throw new Error('path state: the body ends inside a record');
      const b = this.data[this.at++];
      x += (b & 127) * scale;
      if (b < 128) return x;
      scale *= 128;
    }
  }

  private int(): number {
    const z = this.uint();
    return z % 2 ? -(z + 1) / 2 : z / 2;
  }

  private f64(): number {
    if (this.at + 8 > this.data.length) throw new Error('path state: the body ends inside a record');
    const x = this.view.getFloat64(this.at, true);
    this.at += 8;
    return x;
  }

  private list(): number[] {
    const xs: number[] = [];
    for (let n = this.uint(); n > 0; n--) xs.push(this.uint());
    return xs;
  }

  /** The record at `at`, whose person id was read ahead; then reads the next one's. */
  private read(): BaseReplay {
    const personId = this.person;
    const id = () => personId * this.span + this.uint();
    const time = () => this.origin + this.int();
    const primarySegment = this.uint();
    const classification = this.uint();
    const propensity = this.f64();
    const audience: Audience = { primarySegment, segments: this.list(), propensity, classification };
    const reached = new Set(this.list().filter((c) => this.replayed.has(c)));
    const intensity = new Map<number, number>();
    for (let n = this.uint(); n > 0; n--) intensity.set(this.uint(), this.f64());
    const paths: BasePath[] = [];
    const noAction = new Map<number, boolean>();
    for (let i = this.uint(); i > 0; i--) {
      const c = this.replayed.get(this.uint());
      const path: BasePath = { c: c!, touches: [], late: [], ahead: [] };
      const statuses: [number, boolean][] = [];
      for (let n = this.uint(); n > 0; n--) {
        const t = { id: id(), type: this.uint(), micros: time(), valueCents: this.int() };
        const drawn = this.uint();
        path.touches.push(t);
        if (drawn) statuses.push([t.id, drawn === 2]);
      }
      for (let n = this.uint(); n > 0; n--) {
        const e = { id: id(), micros: time(), channel: this.int() };
        path.late.push({ e, type: this.uint(), micros: time(), followUp: this.uint() === 1 });
      }
      const ahead = this.uint();
      const weights = ahead && c ? c.channels.map((ch) => intensity.get(ch)!) : [];
      for (let n = ahead; n > 0; n--)
        path.ahead.push({ e: { id: id(), micros: time(), channel: this.int() }, weights });
      // A campaign after the last the replay covers (its paths reach no later drop).
      if (!c) continue;
      paths.push(path);
      for (const [touch, drawn] of statuses) noAction.set(touch, drawn);
    }
    this.nextPerson(personId);
    return { paths, noAction, audience, reached };
  }
}

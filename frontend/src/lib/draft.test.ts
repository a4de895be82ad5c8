import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type Nomination, type NominationInput } from './api';
import { NominationDraft } from './draft.svelte';
import { decodeLocal, encodeLocal, fromNomination, localKey, type Saved } from './nominations';
import { nominationFixture } from './test-fixtures';

const nomination = (over: Partial<Nomination> = {}) => nominationFixture({ deadline: '2099-02-01T22:00:00Z', ...over });

class MemoryStorage {
  map = new Map<string, string>();
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

/** A fake server: one nomination, versions, and scripted failures. */
class FakeServer {
  current: Nomination = nomination();
  calls: { op: string; version?: number; body?: Partial<NominationInput> }[] = [];
  failures: ApiError[] = [];

  private answer(): Saved {
    return { nomination: structuredClone(this.current), version: this.current.version };
  }
  private apply(body: Partial<NominationInput>) {
    const next = { ...this.current, ...body } as Nomination;
    if (typeof body.website === 'string') next.website = body.website.trim();
    next.version = this.current.version + 1;
    this.current = next;
  }
  client = {
    get: async (_id: string) => {
      this.calls.push({ op: 'get' });
      return this.answer();
    },
    create: async (_edition: string | number, body: Partial<NominationInput>) => {
      this.calls.push({ op: 'create', body });
      const f = this.failures.shift();
      if (f) throw f;
      this.current = nomination({ id: 'n1', version: 0 });
      this.apply(body);
      return this.answer();
    },
    patch: async (_id: string, version: number, body: Partial<NominationInput>) => {
      this.calls.push({ op: 'patch', version, body });
      const f = this.failures.shift();
      if (f) throw f;
      if (version !== this.current.version) throw new ApiError({ status: 412, code: 'version_mismatch' });
      this.apply(body);
      return this.answer();
    },
  };
}

/** Advances the fake clock, then lets chained promises and zero-delay timers run. */
async function tick(ms: number) {
  await vi.advanceTimersByTimeAsync(ms);
  for (let i = 0; i < 5; i += 1) await vi.advanceTimersByTimeAsync(1); // zero-delay timers fire one tick later
}

const network = () => new ApiError({ status: 0, code: 'network' });

let server: FakeServer;
let storage: MemoryStorage;

function draft(extra: Partial<ConstructorParameters<typeof NominationDraft>[0]> = {}) {
  return new NominationDraft({ client: server.client, storage, debounceMs: 1500, now: () => Date.now(), ...extra });
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2027-01-01T10:30:00Z'));
  server = new FakeServer();
  storage = new MemoryStorage();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('NominationDraft autosave', () => {
  it('creates the draft on the first save after a 1.5 s pause, then patches with If-Match', async () => {
    const created: string[] = [];
    const d = draft({ oncreated: (n) => created.push(n.id) });
    d.startNew('2027', { organization: 'Org' });
    await vi.advanceTimersByTimeAsync(5000);
    expect(server.calls).toEqual([]); // nothing typed, nothing created

    d.values.title = 'Mobile clinics';
    d.edited();
    expect(d.state).toBe('pending');
    expect(decodeLocal(storage.getItem(localKey({ edition: '2027' })))?.values.title).toBe('Mobile clinics');
    await vi.advanceTimersByTimeAsync(1400);
    expect(server.calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(server.calls[0]).toEqual({ op: 'create', body: { title: 'Mobile clinics', organization: 'Org' } });
    expect(d.id).toBe('n1');
    expect(created).toEqual(['n1']);
    expect(d.state).toBe('saved');
    expect(storage.map.size).toBe(0); // confirmed: no local copy left

    d.values.summary = 'A summary';
    d.edited();
    d.saveSoon(); // blur
    await vi.advanceTimersByTimeAsync(0);
    expect(server.calls[1]).toEqual({ op: 'patch', version: 1, body: { summary: 'A summary' } });
    expect(d.version).toBe(2);
    expect(d.state).toBe('saved');
  });

  it('keeps the local copy and retries with backoff on network failure', async () => {
    const d = draft();
    await d.load('n1');
    server.failures = [network(), network()];
    d.values.title = 'Offline edit';
    d.edited();
    await vi.advanceTimersByTimeAsync(1500);
    expect(d.state).toBe('retrying');
    expect(decodeLocal(storage.getItem(localKey({ id: 'n1' })))?.values.title).toBe('Offline edit');
    await vi.advanceTimersByTimeAsync(2000); // first retry after 2 s fails again
    expect(d.state).toBe('retrying');
    expect(server.calls.filter((c) => c.op === 'patch')).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(4000); // second retry after 4 s succeeds
    expect(d.state).toBe('saved');
    expect(server.current.title).toBe('Offline edit');
    expect(storage.map.size).toBe(0);
  });

  it('on 412 reloads, re-applies the unsaved changes on the newer copy and retries once', async () => {
    const d = draft();
    await d.load('n1');
    // someone else saves the summary meanwhile
    server.current = { ...server.current, summary: 'From another tab', version: 2 };
    d.values.title = 'My title';
    d.edited();
    await tick(1500);
    expect(server.calls.map((c) => c.op)).toEqual(['get', 'patch', 'get', 'patch']);
    expect(server.current.title).toBe('My title');
    expect(server.current.summary).toBe('From another tab');
    expect(d.values.summary).toBe('From another tab');
    expect(d.state).toBe('saved');
  });

  it('tells the user when the version still mismatches after the retry', async () => {
    const d = draft();
    await d.load('n1');
    server.failures = [
      new ApiError({ status: 412, code: 'version_mismatch' }),
      new ApiError({ status: 412, code: 'version_mismatch' }),
    ];
    d.values.title = 'Contested';
    d.edited();
    await tick(1500);
    expect(d.state).toBe('conflict');
    expect(decodeLocal(storage.getItem(localKey({ id: 'n1' })))?.values.title).toBe('Contested');
  });

  it('turns read-only on 409 deadline_passed', async () => {
    const d = draft();
    await d.load('n1');
    server.failures = [new ApiError({ status: 409, code: 'deadline_passed' })];
    d.values.title = 'Too late';
    d.edited();
    await vi.advanceTimersByTimeAsync(1500);
    expect(d.readOnly).toBe('deadline');
    expect(d.state).toBe('readonly');
    d.values.title = 'Still too late';
    d.edited();
    await vi.advanceTimersByTimeAsync(5000);
    expect(server.calls.filter((c) => c.op === 'patch')).toHaveLength(1);
  });

  it('shows 422 field errors only while the field is unchanged', async () => {
    const d = draft();
    await d.load('n1');
    server.failures = [new ApiError({ status: 422, code: 'validation_failed', errors: { title: ['is required'] } })];
    d.values.title = '';
    d.values.summary = 'x';
    d.edited();
    await vi.advanceTimersByTimeAsync(1500);
    expect(d.state).toBe('invalid');
    expect(d.refused('title')).toEqual(['is required']);
    d.values.title = 'Fixed';
    expect(d.refused('title')).toEqual([]);
  });

  it('restores a newer local copy on load, says so and saves it', async () => {
    server.current = nomination({ title: 'Saved title', version: 4 });
    storage.setItem(
      localKey({ id: 'n1' }),
      encodeLocal({
        v: 1,
        values: { ...fromNomination(server.current), title: 'Typed but never saved' },
        base: fromNomination(server.current),
        base_version: 4,
        edited_at: Date.now() - 60_000,
      }),
    );
    const d = draft();
    await d.load('n1');
    expect(d.values.title).toBe('Typed but never saved');
    expect(d.restoredFrom).toBe(Date.now() - 60_000);
    await vi.advanceTimersByTimeAsync(0);
    expect(server.current.title).toBe('Typed but never saved');
    expect(storage.map.size).toBe(0);
  });

  it('adopts the server’s normalised value so it does not save in a loop', async () => {
    const d = draft();
    await d.load('n1');
    d.values.website = 'https://example.org/x  ';
    d.edited();
    await vi.advanceTimersByTimeAsync(1500);
    expect(d.values.website).toBe('https://example.org/x');
    expect(d.dirty).toBe(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(server.calls.filter((c) => c.op === 'patch')).toHaveLength(1); // once, trimmed; no loop
  });

  it('flush() saves pending edits at once and reports success', async () => {
    const d = draft();
    await d.load('n1');
    d.values.impact = 'Big';
    d.edited();
    expect(await d.flush()).toBe(true);
    expect(server.current.impact).toBe('Big');
    server.failures = [network()];
    d.values.impact = 'Bigger';
    d.edited();
    expect(await d.flush()).toBe(false);
    expect(d.state).toBe('retrying');
  });

  it('leave() sends a pending edit at once and schedules nothing afterwards', async () => {
    const d = draft();
    await d.load('n1');
    d.values.challenges = 'Typed, then left the page';
    d.edited();
    d.leave();
    await tick(0);
    expect(server.current.challenges).toBe('Typed, then left the page');
    d.values.challenges = 'After leaving';
    d.edited();
    await tick(5000);
    expect(server.calls.filter((c) => c.op === 'patch')).toHaveLength(1);
  });
});

// The nomination being edited: the server's copy, the form values, and the autosave loop.
//
// Nothing typed is lost: every edit is copied to localStorage (keyed by the nomination id, or
// "new:<edition>" before the first save) until the server confirms it; saves are debounced,
// sent with If-Match, retried with backoff when the network or the server fails, and merged
// once on a version mismatch.
import { ApiError, type Nomination } from './api';
import { issuesOf, type Issue, type Reason } from './reasons';
import {
  afterSave,
  backoffMs,
  changedFields,
  cloneValues,
  decideRestore,
  decodeLocal,
  emptyValues,
  encodeLocal,
  fromNomination,
  INPUT_FIELDS,
  localKey,
  patchBody,
  rebase,
  restoredValues,
  sameField,
  type FormValues,
  type InputField,
  type NominationClient,
} from './nominations';

export type SaveState =
  | 'idle' // nothing to save yet
  | 'pending' // edited, waiting for the debounce
  | 'saving'
  | 'saved'
  | 'retrying' // network or server trouble: retrying with backoff
  | 'invalid' // 422: the user must correct fields
  | 'conflict' // 412 twice: changed elsewhere
  | 'error' // anything else; retried on the next edit
  | 'readonly';

export type ReadOnlyReason = 'deadline' | 'withdrawn' | 'not_owner';

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface DraftOptions {
  client: NominationClient;
  storage?: KeyValueStorage | null;
  debounceMs?: number;
  now?: () => number;
  /** server-minus-browser clock offset, ms */
  offsetMs?: () => number;
  /** called once when the first save created the nomination */
  oncreated?: (n: Nomination) => void;
}

/** Why a nomination cannot be changed, from the server's copy (null when it can). */
export function readOnlyReason(n: Nomination, serverNowMs: number): ReadOnlyReason | null {
  if (n.editable) return null;
  if (n.status === 'withdrawn' && serverNowMs <= Date.parse(n.deadline)) return 'withdrawn';
  return 'deadline';
}

function defaultStorage(): KeyValueStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

const RETRYABLE = (e: ApiError) => e.status === 0 || e.status === 408 || e.status === 429 || e.status >= 500;

export class NominationDraft {
  id = $state<string | null>(null);
  edition = $state('');
  server = $state<Nomination | null>(null);
  version = $state(0);
  base = $state<FormValues>(emptyValues());
  values = $state<FormValues>(emptyValues());
  state = $state<SaveState>('idle');
  /** Date.now() when the server last confirmed a save */
  savedAt = $state<number | null>(null);
  error = $state<unknown>(null);
  /** field errors of the last refused save (422: English messages, their reasons) and the values they were about */
  fieldErrors = $state<Record<string, string[]>>({});
  fieldReasons = $state<Record<string, Reason[]>>({});
  fieldErrorsAt = $state<FormValues>(emptyValues());
  readOnly = $state<ReadOnlyReason | null>(null);
  /** when set: the edit time of a local copy that was put back into the form */
  restoredFrom = $state<number | null>(null);

  readonly dirty = $derived(changedFields(this.base, this.values).length > 0);

  private readonly client: NominationClient;
  private readonly storage: KeyValueStorage | null;
  private readonly debounceMs: number;
  private readonly now: () => number;
  private readonly offsetMs: () => number;
  private readonly oncreated?: (n: Nomination) => void;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inflight: Promise<void> | null = null;
  private again = false;
  private attempt = 0;
  private conflictRetried = false;
  private userEdited = false;
  private lastEditAt = 0;
  private disposed = false;

  constructor(options: DraftOptions) {
    this.client = options.client;
    this.storage = options.storage === undefined ? defaultStorage() : options.storage;
    this.debounceMs = options.debounceMs ?? 1500;
    this.now = options.now ?? (() => Date.now());
    this.offsetMs = options.offsetMs ?? (() => 0);
    this.oncreated = options.oncreated;
  }

  // ---------------------------------------------------------------- loading

  /** Loads a nomination; puts back an unsaved local copy when it is newer than the server's. */
  async load(id: string): Promise<void> {
    const { nomination, version } = await this.client.get(id);
    this.id = nomination.id || id;
    this.edition = String(nomination.edition_year);
    this.take(nomination, version);
    this.values = cloneValues(this.base);
    const local = this.readLocal();
    if (!local) return;
    const decision = decideRestore(local, nomination, this.offsetMs());
    if (decision === 'discard') this.removeLocal();
    if (decision === 'restore') this.restore(restoredValues(local, nomination), local.edited_at);
  }

  /** Starts a new nomination in `edition`, prefilled; restores an unsaved local copy of one. */
  startNew(edition: string, prefill: Partial<FormValues> = {}): void {
    this.id = null;
    this.edition = edition;
    this.server = null;
    this.base = emptyValues();
    this.values = { ...emptyValues(), ...prefill };
    const local = this.readLocal();
    if (local && decideRestore(local, null) === 'restore') this.restore(restoredValues(local, null), local.edited_at);
  }

  private restore(values: FormValues, editedAt: number): void {
    this.values = values;
    this.restoredFrom = editedAt;
    this.userEdited = true;
    this.lastEditAt = editedAt;
    this.state = 'pending';
    this.writeLocal();
    this.schedule(0);
  }

  /** Takes a server copy as the new base (the form values are left alone). */
  private take(n: Nomination, version: number): void {
    this.server = n;
    this.version = version;
    this.base = fromNomination(n);
    if (this.readOnly !== 'not_owner') this.readOnly = readOnlyReason(n, this.now() + this.offsetMs());
    if (this.readOnly) this.state = 'readonly';
  }

  /** Marks the nomination read-only for this viewer (an organiser reading it). */
  setNotOwner(): void {
    this.readOnly = 'not_owner';
    this.state = 'readonly';
    this.clearTimer();
  }

  // ---------------------------------------------------------------- editing

  /** Whether `field` differs from the server's copy. */
  isDirty(field: InputField): boolean {
    return !sameField(field, this.base, this.values);
  }

  /** The messages of the last refused save for `field`, while the field is as it was then. */
  refused(field: InputField): string[] {
    const m = this.fieldErrors[field];
    return m && sameField(field, this.fieldErrorsAt, this.values) ? m : [];
  }

  /** The same, each message with its reason (for saying it in the UI language). */
  refusedIssues(field: InputField): Issue[] {
    const m = this.refused(field);
    return m.length ? issuesOf({ [field]: m }, { [field]: this.fieldReasons[field] ?? [] })[field] : [];
  }

  /** Shows field errors of a refused submit next to their fields (while unchanged). */
  showRefused(errors: Record<string, string[]>, reasons: Record<string, Reason[]> = {}): void {
    this.fieldErrors = errors;
    this.fieldReasons = reasons;
    this.fieldErrorsAt = cloneValues($state.snapshot(this.values) as FormValues);
  }

  /** Call after every edit by the user: keeps a local copy and saves after a pause. */
  edited(): void {
    if (this.readOnly || this.disposed) return;
    this.userEdited = true;
    this.conflictRetried = false;
    this.lastEditAt = this.now();
    this.writeLocal();
    if (this.state !== 'retrying') this.state = 'pending';
    this.schedule(this.debounceMs);
  }

  /** Saves now if anything changed (on blur). */
  saveSoon(): void {
    if (this.needsSave() && !this.readOnly) this.schedule(0);
  }

  /** Retries at once (back online). */
  retryNow(): void {
    if (this.state === 'retrying') this.schedule(0);
  }

  private needsSave(): boolean {
    return this.id ? this.dirty : this.userEdited;
  }

  private schedule(ms: number): void {
    this.clearTimer();
    if (this.disposed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.save();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimer();
  }

  /** Leaving the page: sends what is pending at once (no more retries; the local copy stays). */
  leave(): void {
    this.clearTimer();
    if (!this.disposed && !this.readOnly && this.needsSave() && !this.inflight) void this.save();
    this.disposed = true;
  }

  // ---------------------------------------------------------------- saving

  /** Sends the changes (creates the nomination on the first save). */
  save(): Promise<void> {
    this.clearTimer();
    if (this.inflight) {
      this.again = true;
      return this.inflight;
    }
    if (this.readOnly || this.disposed) return Promise.resolve();
    const sent = cloneValues($state.snapshot(this.values) as FormValues);
    const base = cloneValues($state.snapshot(this.base) as FormValues);
    const creating = !this.id;
    if (creating && !this.userEdited) return Promise.resolve();
    const body = patchBody(creating ? emptyValues() : base, sent);
    if (!creating && Object.keys(body).length === 0) {
      this.removeLocal();
      this.state = this.savedAt ? 'saved' : 'idle';
      return Promise.resolve();
    }
    this.state = 'saving';
    const run = async () => {
      try {
        const result = creating
          ? await this.client.create(this.edition, body)
          : await this.client.patch(this.id!, this.version, body);
        if (creating) {
          this.removeLocal(); // the "new:<edition>" copy; later copies are keyed by id
          this.id = result.nomination.id;
        }
        this.accept(result.nomination, result.version, sent);
        if (creating) this.oncreated?.(result.nomination);
      } catch (e) {
        await this.failed(e);
      }
    };
    this.inflight = run().finally(() => {
      this.inflight = null;
      if (this.again) {
        this.again = false;
        if (!this.readOnly && this.needsSave() && (this.state === 'pending' || this.state === 'saved')) this.schedule(0);
      }
    });
    return this.inflight;
  }

  /** A save went through: new base; untouched fields take the server's (normalised) value. */
  private accept(n: Nomination, version: number, sent: FormValues): void {
    const current = $state.snapshot(this.values) as FormValues;
    const serverValues = fromNomination(n);
    const merged = afterSave(sent, current, serverValues);
    for (const f of INPUT_FIELDS) {
      if (JSON.stringify(current[f]) !== JSON.stringify(merged[f])) {
        (this.values as unknown as Record<string, unknown>)[f] = merged[f];
      }
    }
    this.take(n, version);
    this.attempt = 0;
    this.error = null;
    this.fieldErrors = {};
    this.fieldReasons = {};
    this.savedAt = this.now();
    if (this.readOnly) return;
    if (this.dirty) {
      // edited while the request was out: the edit's own debounce (or `again`) saves it
      this.state = 'pending';
      this.writeLocal();
    } else {
      this.state = 'saved';
      this.removeLocal();
    }
  }

  private async failed(e: unknown): Promise<void> {
    this.error = e;
    if (!(e instanceof ApiError)) {
      this.state = 'error';
      return;
    }
    if (RETRYABLE(e)) {
      this.attempt += 1;
      this.state = 'retrying';
      this.schedule(backoffMs(this.attempt, e.retryAfter));
      return;
    }
    if (e.status === 412 && this.id) {
      if (this.conflictRetried) {
        this.state = 'conflict';
        return;
      }
      this.conflictRetried = true;
      try {
        const fresh = await this.client.get(this.id);
        const mine = $state.snapshot(this.values) as FormValues;
        const merged = rebase($state.snapshot(this.base) as FormValues, mine, fromNomination(fresh.nomination));
        this.take(fresh.nomination, fresh.version);
        this.values = merged;
        if (this.readOnly) return;
        this.error = null;
        this.state = 'pending';
        this.again = true; // retry once with the merged values
      } catch (e2) {
        this.conflictRetried = false;
        await this.failed(e2);
      }
      return;
    }
    if (e.code === 'deadline_passed' || e.code === 'nomination_withdrawn') {
      this.readOnly = e.code === 'deadline_passed' ? 'deadline' : 'withdrawn';
      this.state = 'readonly';
      this.clearTimer();
      if (this.id) {
        try {
          const fresh = await this.client.get(this.id);
          this.server = fresh.nomination;
          this.version = fresh.version;
          this.base = fromNomination(fresh.nomination);
        } catch {
          /* the notice says enough */
        }
      }
      return;
    }
    if (e.status === 403 && this.id) {
      this.setNotOwner();
      return;
    }
    if (e.status === 422) {
      this.fieldErrors = e.fieldErrors();
      this.fieldReasons = e.problem.reasons ?? {};
      this.fieldErrorsAt = cloneValues($state.snapshot(this.values) as FormValues);
      this.state = 'invalid';
      return;
    }
    this.state = 'error';
  }

  /**
   * Saves whatever is pending and waits for it; true when the server holds every change.
   * Used before submitting.
   */
  async flush(): Promise<boolean> {
    for (let i = 0; i < 4; i += 1) {
      this.clearTimer();
      if (this.inflight) await this.inflight;
      this.clearTimer();
      if (this.readOnly) return false;
      if (!this.needsSave()) return !!this.id;
      await this.save();
      if (['retrying', 'invalid', 'conflict', 'error', 'readonly'].includes(this.state)) {
        this.clearTimer();
        return false;
      }
    }
    return !!this.id && !this.needsSave();
  }

  /** After submit or withdraw: the server's copy is the new base (the content is unchanged). */
  transitioned(n: Nomination, version: number): void {
    this.take(n, version);
    if (!this.readOnly && this.state === 'readonly') this.state = 'saved';
    if (!this.readOnly && !this.dirty) {
      this.removeLocal();
      this.state = this.savedAt ? 'saved' : 'idle';
    }
  }

  /** A refused submit/withdraw that means the deadline passed. */
  deadlinePassed(): void {
    this.readOnly = 'deadline';
    this.state = 'readonly';
    this.clearTimer();
  }

  // ---------------------------------------------------------------- local copy

  private key(): string {
    return this.id ? localKey({ id: this.id }) : localKey({ edition: this.edition });
  }

  private readLocal() {
    try {
      return decodeLocal(this.storage?.getItem(this.key()) ?? null);
    } catch {
      return null;
    }
  }

  private writeLocal(): void {
    if (!this.storage) return;
    const values = $state.snapshot(this.values) as FormValues;
    try {
      this.storage.setItem(
        this.key(),
        encodeLocal({
          v: 1,
          values,
          base: this.id ? ($state.snapshot(this.base) as FormValues) : null,
          base_version: this.id ? this.version : null,
          edited_at: this.lastEditAt || this.now(),
        }),
      );
    } catch {
      /* storage full or disabled: the server copy is all we have */
    }
  }

  private removeLocal(): void {
    try {
      this.storage?.removeItem(this.key());
    } catch {
      /* ignore */
    }
  }
}

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { tempDir } from './drops.js';
import { type FSWatcher, rmSync, watch, writeFileSync } from 'node:fs';

/** Lines clack draws: ◆ the active prompt, ▲ a prompt showing a validation error, ◇ a finished one. */
const ACTIVE = /^[◆▲] {2}(.*)$/m;
const doneCount = (screen: string) => screen.split('\n').filter((l) => l.startsWith('◇')).length;

/**
 * The CLI in a real pseudo-terminal: a private tmux server (its socket in a temporary folder that
 * is removed on close), keys sent with send-keys, the screen read with capture-pane.
 */
export class Terminal {
  private readonly sockDir = tempDir('idgraph-tmux-');
  private readonly env: NodeJS.ProcessEnv;
  private readonly watcher: FSWatcher;
  /** Times the pane printed, as seen by the watcher. */
  private printed = 0;
  private readonly waiting = new Set<() => void>();

  /** `env`: extra variables for the CLI (the tmux server it runs under inherits them). */
  constructor(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
    this.env = { ...process.env, ...env, TMUX_TMPDIR: this.sockDir, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
    const cli = [process.execPath, join(PACKAGE_ROOT, 'bin', 'idgraph.js'), ...args].map((a) => `'${a}'`).join(' ');
    // The exit code is printed, then the pane stays open so the last screen can be read.
    this.tmux(
      'new-session',
      '-d',
      '-s',
      't',
      '-x',
      '160',
      '-y',
      '50',
      '-c',
      cwd,
      `${cli}; echo "__EXIT=$?"; sleep 600`,
    );
    this.tmux('set-option', '-t', 't', 'history-limit', '20000');
    // Every byte the pane prints goes to this file too; its changes wake waitFor.
    const log = join(this.sockDir, 'pane.log');
    writeFileSync(log, '');
    this.watcher = watch(log, () => {
      this.printed++;
      for (const wake of this.waiting) wake();
    });
    this.tmux('pipe-pane', '-t', 't', `cat >> '${log}'`);
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-u', '-L', 'idgraph', ...args], { env: this.env, encoding: 'utf8' });
  }

  /** Everything printed so far, scrollback included. */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-J', '-S', '-', '-E', '-', '-t', 't');
  }

  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', 't', ...keys);
  }

  type(text: string): void {
    this.tmux('send-keys', '-t', 't', '-l', text);
  }

  /**
   * Waits until `ok` holds for the screen, looking again each time the pane prints something
   * rather than on a polling interval: a step that takes seconds is seen the moment it ends.
   * Fails with the screen after `limitMs` (a guard against a hang, not a timing assertion).
   */
  async waitFor(ok: (screen: string) => boolean, what: string, limitMs = 120_000): Promise<string> {
    const until = Date.now() + limitMs;
    for (;;) {
      const seen = this.printed;
      const s = this.screen();
      if (ok(s)) return s;
      const left = until - Date.now();
      if (left <= 0) throw new Error(`terminal never showed ${what}; screen:\n${s}`);
      if (this.printed === seen) await this.nextOutput(left);
    }
  }

  /**
   * Resolves when the pane prints (tmux pipe-pane appends its output to a file, watched with
   * inotify), or after a second as a backstop should tmux draw a moment after it piped.
   */
  private nextOutput(limitMs: number): Promise<void> {
    return new Promise<void>((done) => {
      const timer = setTimeout(finish, Math.min(limitMs, 1000));
      function finish() {
        clearTimeout(timer);
        done();
      }
      this.waiting.add(finish);
    }).finally(() => this.waiting.clear());
  }

  /** Waits for the prompt `label` to be active, sends the keys, and waits until it is answered. */
  async answer(label: string, ...keys: string[]): Promise<void> {
    const s = await this.waitFor(
      (x) => ACTIVE.exec(lastActive(x))?.[1].startsWith(label) ?? false,
      `prompt "${label}"`,
    );
    const done = doneCount(s);
    for (const k of keys)
      if (k.startsWith('=')) this.type(k.slice(1));
      else this.keys(k);
    await this.waitFor((x) => doneCount(x) > done, `"${label}" answered`);
  }

  async exitCode(): Promise<number> {
    const s = await this.waitFor((x) => /__EXIT=\d+/.test(x), 'the command exiting');
    return Number(/__EXIT=(\d+)/.exec(s)![1]);
  }

  close(): void {
    this.watcher.close();
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
    rmSync(this.sockDir, { recursive: true, force: true });
  }
}

/** The last active/error prompt line on screen (earlier ones have become ◇ lines). */
function lastActive(screen: string): string {
  const lines = screen.split('\n').filter((l) => /^[◆▲] {2}/.test(l));
  return lines[lines.length - 1] ?? '';
}

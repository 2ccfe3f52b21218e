import { statfs } from 'node:fs/promises';
import type { Logger } from '../../util/log.js';

/**
 * Free space under DATA_DIR, checked at most every few seconds. Below the threshold new conversations
 * are refused (existing ones go on: their files already exist and grow little), so an anonymous flood
 * cannot fill the disk under the conversations of people already being served.
 */
export class DiskGuard {
  private checkedAt = 0;
  private low = false;
  private pending: Promise<void> | null = null;
  constructor(
    private readonly dir: string,
    private readonly minFreeBytes: number,
    private readonly log: Logger,
    private readonly everyMs = 5_000,
    private readonly free: (dir: string) => Promise<number> = async (d) => {
      const s = await statfs(d);
      return s.bavail * s.bsize;
    },
  ) {}

  /** true when there is room for a new conversation */
  async roomForNew(): Promise<boolean> {
    if (Date.now() - this.checkedAt >= this.everyMs) {
      this.pending ??= this.check().finally(() => (this.pending = null));
      await this.pending;
    }
    return !this.low;
  }

  private async check(): Promise<void> {
    try {
      const bytes = await this.free(this.dir);
      const low = bytes < this.minFreeBytes;
      if (low && !this.low) this.log.error({ freeMB: Math.round(bytes / 1048576), dir: 'DATA_DIR' }, 'disk almost full: new conversations refused');
      if (!low && this.low) this.log.warn({ freeMB: Math.round(bytes / 1048576) }, 'disk space back: new conversations accepted');
      this.low = low;
    } catch (e) {
      // DATA_DIR not created yet, or statfs unsupported: nothing to guard against
      this.log.debug({ err: e }, 'disk space check failed');
      this.low = false;
    }
    this.checkedAt = Date.now();
  }
}

export const DISK_FULL_MESSAGE = '抱歉，服务器存储空间暂时不足，暂不能开始新的咨询。请稍后再试，或拨打 12345 热线。';

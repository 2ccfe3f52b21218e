import { DataKeyError } from './crypto-at-rest.js';

/** Errors of the disk under the state files: the turn's answers could not be kept. */
const STORAGE_CODES = new Set(['EROFS', 'ENOSPC', 'EACCES', 'EPERM', 'EDQUOT', 'EIO', 'EMFILE', 'ENFILE']);

export function isStorageFailure(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && STORAGE_CODES.has(code);
}

/**
 * What the user is told when a turn fails. Honest about saving: when the state could not be written,
 * the answers of this turn are not kept, and the message says so. Never the error's own text (it can
 * hold a server path).
 */
export function turnErrorMessage(e: unknown): string {
  if (e instanceof DataKeyError) {
    return '抱歉，系统现在无法读取您之前保存的信息（数据密钥配置有误），您的信息没有丢失，也没有被改动。请稍后再试，或拨打 12345 热线。';
  }
  return isStorageFailure(e)
    ? '抱歉，系统暂时无法保存您的信息，刚才这条消息没有记下来。请稍后再发一次，或拨打 12345 热线。'
    : '抱歉，系统出了点问题，请稍后再发一次；如果一直不行，可以说「转人工」。';
}

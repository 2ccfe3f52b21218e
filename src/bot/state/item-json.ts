/**
 * The JSON of a stored item's data (without its eTag), passed between a Storage and the bot state so a
 * turn's state is turned into JSON once instead of three times: the storage tells what it read, the
 * state tells what it is about to write. Neither needs the other: a storage that says nothing leaves
 * the state to serialise for itself, and a write without a note is serialised by the storage.
 * Only for items fresh from read(), or handed straight to write().
 */
/** An item's data as stored and compared: everything but its eTag, as JSON. */
export function dataJson({ eTag: _eTag, ...data }: { eTag?: string; [k: string]: unknown }): string {
  return JSON.stringify(data);
}

const asRead = new WeakMap<object, string>();
const toWrite = new WeakMap<object, string>();

/** Storage side: this item was read from this JSON. */
export function markRead<T extends object>(item: T, json: string): T {
  asRead.set(item, json);
  return item;
}

/** State side: the JSON an item was read from, if the storage said. */
export const jsonAsRead = (item: object): string | undefined => asRead.get(item);

/** State side: this item, as JSON, is what is being written. */
export function withJson<T extends object>(item: T, json: string): T {
  toWrite.set(item, json);
  return item;
}

/** Storage side: the JSON the writer already made (taken once), if any. */
export function takeJson(item: object): string | undefined {
  const json = toWrite.get(item);
  toWrite.delete(item);
  return json;
}

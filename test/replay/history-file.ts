import { readFileSync, writeFileSync } from 'node:fs';
import proto from '@temporalio/proto';

// Not @temporalio/common's historyToJSON/historyFromJSON: in this install @temporalio/common and
// @temporalio/proto each carry their own copy of protobufjs 8 (the top-level slot holds grpc's protobufjs 7),
// so protojson's `instanceof Type` check fails with "type must be a Type". The generated History class's own
// conversions need no second copy: int64s as strings, enums by name, bytes as base64, so fixtures stay legible.

const { History } = proto.temporal.api.history.v1;
export type History = proto.temporal.api.history.v1.History;

export function writeHistory(path: string, history: proto.temporal.api.history.v1.IHistory): void {
  const object = History.toObject(History.fromObject(history), { longs: String, enums: String, bytes: String });
  writeFileSync(path, `${JSON.stringify(object, null, 2)}\n`);
}

/** A History message as Worker.runReplayHistories takes it (events with Long ids, numeric enums). */
export function readHistory(path: string): History {
  return History.fromObject(JSON.parse(readFileSync(path, 'utf8')));
}

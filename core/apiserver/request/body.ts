import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { apiErrors } from '../status.js';

/** The largest request body the server reads (kube-apiserver's limit is 3 MiB). */
export const maxBodyBytes = 3 * 1024 * 1024;

/** Reads a request body, answering 413 once it exceeds {@link maxBodyBytes}. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBodyBytes) {
      req.resume();
      reject(apiErrors.requestEntityTooLarge(maxBodyBytes));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > maxBodyBytes) {
        failed = true;
        reject(apiErrors.requestEntityTooLarge(maxBodyBytes));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => failed || resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', (e) => failed || reject(e));
  });
}

/** The media type of a Content-Type header without parameters, lower-cased; JSON when absent. */
export function mediaType(contentType: string | undefined): string {
  if (!contentType) return 'application/json';
  return contentType.split(';')[0]!.trim().toLowerCase();
}

/** Parses a JSON body, answering 400 with the parse error when it is malformed or not an object. */
export function parseJsonObject(body: Buffer, expected: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw apiErrors.badRequest(
      `the object provided is unrecognized (must be of type ${expected}): couldn't get version/kind; json parse error: ${(e as Error).message}`,
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw apiErrors.badRequest(
      `the object provided is unrecognized (must be of type ${expected}): couldn't get version/kind; json parse error: json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`,
    );
  }
  return value as Record<string, unknown>;
}

/** Parses a YAML (or JSON, which is YAML) body into one object, answering 400 when malformed. */
export function parseYamlObject(body: Buffer, expected: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseYaml(body.toString('utf8'), { maxAliasCount: 100 });
  } catch (e) {
    throw apiErrors.badRequest(`error decoding YAML: ${(e as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw apiErrors.badRequest(`the object provided is unrecognized (must be of type ${expected}): not an object`);
  }
  return value as Record<string, unknown>;
}

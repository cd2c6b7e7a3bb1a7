import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { TS3Location } from '../lib/config';
import { SHA256_HEX, type TFileBackend, type TStoredObject } from './backend';
import type { TSpooledFile } from './spool';

const notFound = (err: unknown): boolean => (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

/** The S3 client for an S3-compatible store, with the settings that keep it compatible. */
export function createS3Client(location: TS3Location): S3Client {
  return new S3Client({
    endpoint: location.endpoint,
    region: location.region,
    forcePathStyle: location.forcePathStyle,
    credentials: { accessKeyId: location.accessKeyId, secretAccessKey: location.secretAccessKey },
    // Since v3.729.0 the SDK adds CRC32 checksums to every upload (x-amz-checksum-*, aws-chunked bodies with trailers)
    // and validates them on downloads (aws/aws-sdk-js-v3#6810). 阿里云 OSS rejects aws-chunked, 华为 OBS answers
    // XAmzContentSHA256Mismatch, 腾讯 COS honours only Content-MD5 (milvus-io/milvus#49977, milvus-io/milvus-storage#500;
    // OBS also langgenius/dify#13354). WHEN_REQUIRED restores the plain requests every S3-compatible store accepts;
    // integrity comes from the Content-MD5 sent with each upload instead.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
    // A store that stops answering fails the request instead of holding an upload open for ever.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
  });
}

/**
 * Content in an S3-compatible bucket under `<prefix>sha256/<hex>`. An upload is spooled locally first (hashed and
 * size-checked), then sent in one PutObject with its length and Content-MD5: S3 makes an object visible only once
 * its PUT completes, so a transfer cut off midway stores nothing, and the store checks the bytes it received.
 * Several web processes may share the bucket.
 */
export function createS3Backend(location: TS3Location, spoolDir: string): TFileBackend {
  const client = createS3Client(location);
  const { bucket: Bucket } = location;
  const contentPrefix = `${location.prefix}sha256/`;
  const keyOf = (sha256: string) => `${contentPrefix}${sha256}`;
  return {
    kind: 's3',
    spoolDir,
    async put(file: TSpooledFile) {
      try {
        await client.send(new HeadObjectCommand({ Bucket, Key: keyOf(file.sha256) }));
        return; // the same content is already there: stored once
      } catch (err) {
        if (!notFound(err)) throw err;
      }
      // Opened before sending, so the body stays readable whatever happens to the spooled file's name meanwhile.
      const body = (await open(file.path, 'r')).createReadStream();
      try {
        await client.send(
          new PutObjectCommand({
            Bucket,
            Key: keyOf(file.sha256),
            Body: body,
            ContentLength: file.size,
            ContentMD5: file.md5Base64,
            ContentType: 'application/octet-stream',
          }),
        );
      } finally {
        body.destroy();
      }
    },
    async read(sha256: string) {
      try {
        const { Body } = await client.send(new GetObjectCommand({ Bucket, Key: keyOf(sha256) }));
        return (Body as Readable | undefined) ?? null;
      } catch (err) {
        if (notFound(err)) return null;
        throw err;
      }
    },
    async remove(sha256: string) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: keyOf(sha256) }));
    },
    async *list(): AsyncIterable<TStoredObject> {
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: contentPrefix, ContinuationToken }));
        for (const object of page.Contents ?? []) {
          const sha256 = object.Key?.slice(contentPrefix.length) ?? '';
          if (SHA256_HEX.test(sha256) && object.LastModified) yield { sha256, modifiedAt: object.LastModified };
        }
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
    },
    close() {
      client.destroy();
    },
  };
}

// Resolves s3proxy (the S3-compatible server the file store's tests start) into .tools/ ahead of the test run, so its
// first download is not charged to a test's timeout.
import { ensureS3Proxy, S3PROXY_VERSION } from '../tests/support/s3-server';

ensureS3Proxy();
process.stdout.write(`s3proxy ${S3PROXY_VERSION} ready\n`);

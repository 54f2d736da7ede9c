import { S3Client } from "@aws-sdk/client-s3";
import { settings } from "../config";

let client: S3Client | undefined;

/** The shared S3 client: AWS in production, the local S3-compatible server when `S3_ENDPOINT` is set. */
export function s3(): S3Client {
  if (!client) {
    const { region, s3Endpoint } = settings();
    // Checksums only when S3 requires them: otherwise the SDK signs a checksum of the empty
    // body into presigned PUT URLs, and the browser's real upload would be refused.
    client = new S3Client({ region, endpoint: s3Endpoint, forcePathStyle: Boolean(s3Endpoint), requestChecksumCalculation: "WHEN_REQUIRED" });
  }
  return client;
}

export function uploadsBucket(): string {
  return settings().uploadsBucket;
}

import { mkdirSync } from "node:fs";
import S3rver from "s3rver";

export interface S3Local {
  endpoint: string;
  stop(): Promise<void>;
}

// Browsers PUT files straight to the bucket from the web app's origin.
const CORS = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

/**
 * An S3-compatible server (s3rver) so the same `@aws-sdk/client-s3` code runs locally.
 * It does not check signatures: the API re-checks size and type with HeadObject.
 */
export async function startS3Local(options: { port: number; directory: string; bucket: string }): Promise<S3Local> {
  mkdirSync(options.directory, { recursive: true });
  const server = new S3rver({
    port: options.port,
    address: "127.0.0.1",
    directory: options.directory,
    silent: true,
    configureBuckets: [{ name: options.bucket, configs: [CORS] }],
  });
  await server.run();
  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    stop: async () => {
      await server.close();
    },
  };
}

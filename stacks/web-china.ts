/**
 * The site's CloudFront distribution as CloudFront in the China regions accepts it
 * (docs/deploy-china.md has the sources):
 * - it serves only an alternate domain with an ICP recordal (备案), never *.cloudfront.cn, with a
 *   certificate from a third-party CA uploaded to IAM (ACM is not offered for CloudFront there);
 * - `CachePolicyId` "can't be set for this region", and origin request / response headers
 *   policies are not offered either: behaviours use the legacy `ForwardedValues` and TTLs;
 * - `AWS::CloudFront::OriginAccessControl` is an unrecognised resource type there: the bucket
 *   is read through a legacy origin access identity (Web.ts picks the origin);
 * - no CloudFront-Viewer-Address: CloudFront appends the viewer to X-Forwarded-For instead,
 *   which the API trusts only with the origin-verify secret (packages/functions/src/http/client.ts).
 *
 * CDK's Distribution always renders a cache policy, so the fix is an override of the
 * synthesized distribution config (cdk-nag reads the construct, not the override; the synthesis
 * tests check the template itself).
 */
import type { CfnDistribution, Distribution } from "aws-cdk-lib/aws-cloudfront";
import { API_FORWARDED_HEADERS, VIEWER_ADDRESS_HEADER } from "./origin-verify";

/** Forwarded to the API by the legacy /api/* behaviour: the headers the app reads. */
export const CHINA_API_FORWARDED_HEADERS = API_FORWARDED_HEADERS.filter((header) => header !== VIEWER_ADDRESS_HEADER);

const POLICY_FIELDS = ["CachePolicyId", "OriginRequestPolicyId", "ResponseHeadersPolicyId"];

/** Serves `domain` with the IAM server certificate and replaces every policy with legacy forwarding. */
export function adaptDistributionForChina(distribution: Distribution, site: { domain: string; iamCertificateId: string }, apiBehaviours: number[]): void {
  const cfn = distribution.node.defaultChild as CfnDistribution;
  cfn.addPropertyOverride("DistributionConfig.Aliases", [site.domain]);
  cfn.addPropertyOverride("DistributionConfig.ViewerCertificate", {
    IamCertificateId: site.iamCertificateId,
    SslSupportMethod: "sni-only",
    MinimumProtocolVersion: "TLSv1.2_2021",
  });
  // IPv6 off as in AWS's own CDK sample for CloudFront China (aws-samples/deploy-cloudfront-in-china-with-cdk).
  cfn.addPropertyOverride("DistributionConfig.IPV6Enabled", false);

  const behaviours = ["DistributionConfig.DefaultCacheBehavior", ...apiBehaviours.map((index) => `DistributionConfig.CacheBehaviors.${index}`)];
  for (const path of behaviours) {
    for (const field of POLICY_FIELDS) cfn.addPropertyDeletionOverride(`${path}.${field}`);
  }
  // The site's files: cached, nothing from the viewer affects them.
  cfn.addPropertyOverride("DistributionConfig.DefaultCacheBehavior.ForwardedValues", { QueryString: false, Cookies: { Forward: "none" } });
  // The API: never cached; the headers it reads, its cookie and query strings reach it.
  for (const index of apiBehaviours) {
    const path = `DistributionConfig.CacheBehaviors.${index}`;
    cfn.addPropertyOverride(`${path}.ForwardedValues`, {
      QueryString: true,
      Cookies: { Forward: "all" },
      Headers: CHINA_API_FORWARDED_HEADERS,
    });
    cfn.addPropertyOverride(`${path}.MinTTL`, 0);
    cfn.addPropertyOverride(`${path}.DefaultTTL`, 0);
    cfn.addPropertyOverride(`${path}.MaxTTL`, 0);
  }
}

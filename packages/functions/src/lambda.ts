import { handle } from "hono/aws-lambda";
import { lazyApp } from "./lazy-app";

export const handler = handle(lazyApp());

import { z } from "zod";
import zhCN from "zod/v4/locales/zh-CN.js";

// Validation messages people read are in Simplified Chinese, on the server and in the browser
// alike. Only this locale is imported: the whole locale set would add ~150 KB to each bundle.
z.config(zhCN());

export { z };

import { z } from "zod";

// Validation messages people read are in Simplified Chinese, on the server and in the browser alike.
z.config(z.locales.zhCN());

export { z };

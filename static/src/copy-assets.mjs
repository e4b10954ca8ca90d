// Copy the design system's JavaScript and images next to our compiled CSS.
// Its fonts are left out on purpose: GDS Transport is reserved for GOV.UK.
import { cpSync, mkdirSync } from "node:fs";

const dist = "node_modules/govuk-frontend/dist/govuk";
mkdirSync("static/build", { recursive: true });
cpSync(`${dist}/govuk-frontend.min.js`, "static/build/govuk-frontend.min.js");
cpSync(`${dist}/assets/images`, "static/build/images", { recursive: true });

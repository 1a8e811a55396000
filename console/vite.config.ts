import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The engine serves dist/ at `/` (engine/src/routes/console.ts): hashed files under /assets, index.html for every other path.
export default defineConfig({
  plugins: [react()],
  base: "/",
  build: { outDir: "dist", emptyOutDir: true },
});

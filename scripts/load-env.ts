// Loads .env, .env.local, .env.$NODE_ENV… the way Next does, so the scripts see the
// same configuration as the app they start. Import it before anything reads env().
import nextEnv from "@next/env";

nextEnv.loadEnvConfig(process.cwd(), process.argv[2] === "dev");

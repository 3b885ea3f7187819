// The resolve hook of register.mjs: `./toml` → `./toml.js`, `@iarna/toml/parse-string` →
// `…/parse-string.js`, a folder → its index.js.
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    for (const tail of ['.js', '/index.js']) {
      try {
        return await next(specifier + tail, context);
      } catch {
        // try the next form
      }
    }
    throw error;
  }
}

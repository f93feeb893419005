/* Thai slugs keep their vowels and tone marks in the admin (see cms/slugs.py).
 *
 * Wagtail's slug controller (Stimulus "w-slug") keeps only \p{L}\p{N}, and Thai above/below
 * vowels and tone marks are \p{M}: "เบิกจ่าย" became "เบกจาย". This registers a subclass under
 * the same name whose slugify/urlify also keep combining marks when unicode slugs are on;
 * everything else (sync from the title, compare, formatters) stays Wagtail's.
 */
(() => {
  const app = window.wagtail && window.wagtail.app;
  const registered = app && app.router.modulesByIdentifier.get("w-slug");
  if (!registered) return;
  const WagtailSlug = registered.definition.controllerConstructor;

  class ThaiSlugController extends WagtailSlug {
    slugify(event, { ignoreUpdate = false, runFormat = !ignoreUpdate } = {}) {
      if (!this.allowUnicodeValue) return super.slugify(event, { ignoreUpdate, runFormat });
      const { value: source = this.element.value } = (event && event.detail) || {};
      const value = this.prepareValue(source, { runFormat });
      if (!value) return "";
      const slug = value.normalize("NFC").replace(/\s+/g, "-").toLowerCase().replace(/[^-_\p{L}\p{M}\p{N}]/gu, "");
      if (!ignoreUpdate) this.applyUpdate("slugify", slug, source);
      return slug;
    }

    urlify(event, { ignoreUpdate = false, runFormat = !ignoreUpdate } = {}) {
      if (!this.allowUnicodeValue) return super.urlify(event, { ignoreUpdate, runFormat });
      const { value: source = this.element.value } = (event && event.detail) || {};
      const value = this.prepareValue(source, { runFormat });
      if (!value) return "";
      const slug = value.normalize("NFC").toLowerCase().replace(/[^-_\p{L}\p{M}\p{N}\s]/gu, "")
        .replace(/[-\s]+/g, "-").substring(0, 255).replace(/-+$/g, "");
      if (!ignoreUpdate) this.applyUpdate("urlify", slug, source);
      return slug;
    }
  }

  app.register("w-slug", ThaiSlugController);
})();

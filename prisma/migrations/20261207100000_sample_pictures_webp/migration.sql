-- The sample pictures are now 1200x1200 WebP files (scripts/images/generate-samples.ts) and the
-- SVG files they replace are gone: a catalog seeded before keeps showing pictures. Only rows that
-- name a sample picture change; a shop's own pictures keep their URLs and sizes.
UPDATE "ProductImage"
   SET url = regexp_replace(url, '\.svg$', '.webp'), width = 1200, height = 1200
 WHERE url ~ '^/images/products/[a-z]+(-[a-z]+)*-[1-6]\.svg$';

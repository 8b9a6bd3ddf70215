import { z } from 'zod';

/** Body of POST /api/admin/products/<id>/move-to-front. */
export const moveToFrontSchema = z.object({ categoryId: z.number().int().positive().max(2147483647) }).strict();

export type MoveToFrontRequest = z.infer<typeof moveToFrontSchema>;

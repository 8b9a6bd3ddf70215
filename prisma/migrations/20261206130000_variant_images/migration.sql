-- AlterTable
ALTER TABLE "Variant" ADD COLUMN     "imageId" INTEGER;

-- CreateIndex
CREATE INDEX "Variant_imageId_idx" ON "Variant"("imageId");

-- AddForeignKey
ALTER TABLE "Variant" ADD CONSTRAINT "Variant_imageId_fkey" FOREIGN KEY ("imageId") REFERENCES "ProductImage"("id") ON DELETE SET NULL ON UPDATE CASCADE;

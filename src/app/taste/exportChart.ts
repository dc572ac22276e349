// Exports a drawn chart as a standalone SVG or PNG file (colours resolved, so the file looks like the screen).

import { downloadBlob } from '../import/files';

/** The chart's SVG as a standalone document: computed colours and font inlined (the page's CSS does not travel). */
export function standaloneSvg(svg: SVGSVGElement, background: string): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const style = getComputedStyle(svg);
  copy.setAttribute('color', style.color);
  copy.setAttribute('font-family', style.fontFamily);
  copy.setAttribute('style', `background:${background}`);
  return new XMLSerializer().serializeToString(copy);
}

export function downloadSvg(svg: SVGSVGElement, background: string, name: string): void {
  downloadBlob(new Blob([standaloneSvg(svg, background)], { type: 'image/svg+xml' }), `${name}.svg`);
}

/** Rasterised at 2× through an <img> of the SVG (blob: URLs are allowed by the CSP's img-src). */
export async function downloadPng(svg: SVGSVGElement, background: string, name: string): Promise<void> {
  const { width, height } = svg.viewBox.baseVal;
  const url = URL.createObjectURL(new Blob([standaloneSvg(svg, background)], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = width * 2;
    canvas.height = height * 2;
    const context = canvas.getContext('2d')!;
    context.fillStyle = background;
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The chart could not be drawn as PNG.'))), 'image/png'),
    );
    downloadBlob(blob, `${name}.png`);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * PDFs in the page, in the browser's own PDF viewer: a paper goes straight
 * into the print dialogue through a hidden frame (the PDF itself asks the
 * dialogue for 100% and its own paper's tray), and the page as it will print
 * is shown in a frame before the clerk sends it.
 */

/** How a print ended: the dialogue was asked for, the browser kept the frame from the page so the PDF opened in a tab, or the service refused. */
export type Printed = 'dialog' | 'tab' | 'refused';

/**
 * Loads `url`, this service's PDF, in a fresh hidden frame and asks for the
 * print dialogue on it. The URL is the service's own (not a blob) because
 * Firefox lets a page print only a frame of its own origin. A frame that
 * did not get a PDF (a problem answered as JSON) is never printed.
 */
export function printPdf(url: string): Promise<Printed> {
  const frame = document.createElement('iframe');
  frame.id = 'print-frame';
  frame.className = 'print-frame';
  frame.title = 'print';
  frame.tabIndex = -1;
  frame.setAttribute('aria-hidden', 'true');
  document.getElementById('print-frame')?.remove();
  return new Promise((resolve) => {
    frame.addEventListener('load', () => resolve(printLoaded(frame, url)), { once: true });
    frame.src = url;
    document.body.append(frame);
  });
}

function printLoaded(frame: HTMLIFrameElement, url: string): Printed {
  let type: string | undefined;
  try {
    type = frame.contentDocument?.contentType;
  } catch {
    // A viewer the page may not read: its type is unknown, and print decides below.
  }
  if (type !== undefined && type !== 'application/pdf') return 'refused';
  try {
    frame.contentWindow!.focus();
    frame.contentWindow!.print();
    frame.dataset.printed = url;
    return 'dialog';
  } catch {
    window.open(url, '_blank');
    return 'tab';
  }
}

/** Shows a PDF (the service's answer) in `frame`, replacing what it showed. */
export function showPdf(frame: HTMLIFrameElement, pdf: Blob): void {
  if (frame.src.startsWith('blob:')) URL.revokeObjectURL(frame.src);
  frame.src = URL.createObjectURL(pdf);
}

/** The page's small building blocks: a list line with its buttons, a button, a table row. */

/** A list line: its text, then its buttons. */
export function listItem(text: string, ...buttons: HTMLElement[]): HTMLLIElement {
  const li = document.createElement('li');
  const span = document.createElement('span');
  span.textContent = text;
  li.append(span, ...buttons);
  return li;
}

/** A button that runs `onClick` (an async one's failure is left to the page's own messages). */
export function button(label: string, onClick: () => unknown): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.addEventListener('click', () => void onClick());
  return b;
}

/** A table row of text cells. */
export function tableRow(cells: readonly string[]): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.append(
    ...cells.map((text) => {
      const td = document.createElement('td');
      td.textContent = text;
      return td;
    }),
  );
  return tr;
}

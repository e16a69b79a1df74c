"""Text that people cannot read: two text boxes on top of each other, or text cut off.

``layout_problems(page)`` looks at the boxes of every visible text on the page (each line of
each text node, from DOM ranges) and at the labels tables draw with ``td[data-label]::before``
on phones (made real elements with the same computed style first, since a pseudo-element has no
box the DOM can measure); with a modal dialog open, only the dialog's text. It reports pairs of
text boxes that overlap, text outside the screen sideways, and text cut by an element that hides
its overflow.
"""

MATERIALIZE_LABELS = """() => {
    for (const cell of document.querySelectorAll("td[data-label]")) {
        const style = getComputedStyle(cell, "::before");
        if (!style.content || style.content === "none" || style.content === "normal") continue;
        const label = document.createElement("span");
        label.className = "__label";
        for (const property of style) label.style.setProperty(property, style.getPropertyValue(property));
        label.textContent = cell.getAttribute("data-label");
        cell.classList.add("__materialized");
        cell.insertBefore(label, cell.firstChild);
    }
}"""

FIND_PROBLEMS = """() => {
    const screenReaderOnly = (element) => {
        for (let e = element; e && e !== document.body; e = e.parentElement) {
            const style = getComputedStyle(e);
            if ((style.clip && style.clip !== "auto") || (style.clipPath && style.clipPath !== "none")) return true;
        }
        return false;
    };
    const notShown = ".visually-hidden, .skip-link, [hidden], [aria-hidden='true'], dialog:not([open]), "
        + "select, option, script, style, noscript, template, svg";
    const skipped = (element) => element.closest(notShown) || screenReaderOnly(element)
        || (element.checkVisibility && !element.checkVisibility({contentVisibilityAuto: true}));
    // The part of a text's box that shows through the scroll boxes around it (null: scrolled away).
    const shown = (element, rect) => {
        let box = {left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom, scrolls: false};
        for (let e = element; e && e !== document.body; e = e.parentElement) {
            const style = getComputedStyle(e);
            const scrollsX = style.overflowX === "auto" || style.overflowX === "scroll";
            const scrollsY = style.overflowY === "auto" || style.overflowY === "scroll";
            if (!scrollsX && !scrollsY) continue;
            const area = e.getBoundingClientRect();
            box = {
                left: Math.max(box.left, area.left), right: Math.min(box.right, area.right),
                top: Math.max(box.top, area.top), bottom: Math.min(box.bottom, area.bottom), scrolls: true,
            };
            if (box.right - box.left < 1 || box.bottom - box.top < 1) return null;
        }
        return box;
    };
    const boxes = [];
    // A modal dialog covers the page on purpose (the rest is inert): then only its text counts.
    const modal = document.querySelector("dialog:modal");
    const walker = document.createTreeWalker(modal || document.body, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
        if (!node.textContent.trim() || !node.parentElement || skipped(node.parentElement)) continue;
        const style = getComputedStyle(node.parentElement);
        if (style.visibility === "hidden" || parseFloat(style.opacity) === 0) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const line of range.getClientRects()) {
            if (line.width < 2 || line.height < 2) continue;
            const rect = shown(node.parentElement, line);
            if (!rect) continue;
            boxes.push({text: node.textContent.trim().slice(0, 40), owner: node, scrolls: rect.scrolls, rect: {
                left: rect.left + scrollX, right: rect.right + scrollX,
                top: rect.top + scrollY, bottom: rect.bottom + scrollY,
            }});
        }
    }
    const problems = [];
    // Overlaps: glyph boxes of two different texts sharing more than a sliver.
    for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i], b = boxes[j];
            if (a.owner === b.owner) continue;
            const width = Math.min(a.rect.right, b.rect.right) - Math.max(a.rect.left, b.rect.left);
            const height = Math.min(a.rect.bottom, b.rect.bottom) - Math.max(a.rect.top, b.rect.top);
            if (width > 2 && height > 3) {
                const size = `${Math.round(width)}×${Math.round(height)} px`;
                problems.push(`se superponen «${a.text}» y «${b.text}» (${size})`);
            }
        }
    }
    // Clipping: outside the screen sideways, or cut by an ancestor that hides its overflow.
    const seen = new Set();
    for (const box of boxes) {
        if (box.scrolls) continue;  // inside a scroll box: reachable by scrolling it
        if (box.rect.left < -1 || box.rect.right > document.documentElement.clientWidth + scrollX + 1) {
            problems.push(`«${box.text}» queda fuera de la pantalla`);
            continue;
        }
        for (let element = box.owner.parentElement; element && element !== document.body;
             element = element.parentElement) {
            const style = getComputedStyle(element);
            const clipsX = style.overflowX !== "visible", clipsY = style.overflowY !== "visible";
            if (!clipsX && !clipsY) continue;
            if (style.overflowX === "auto" || style.overflowX === "scroll") break;  // scrolls: reachable
            const area = element.getBoundingClientRect();
            const left = area.left + scrollX, right = area.right + scrollX;
            const top = area.top + scrollY, bottom = area.bottom + scrollY;
            const cut = (clipsX && (box.rect.left < left - 1 || box.rect.right > right + 1))
                || (clipsY && (box.rect.top < top - 1 || box.rect.bottom > bottom + 1));
            if (cut && !seen.has(box.owner)) {
                seen.add(box.owner);
                problems.push(`«${box.text}» está cortado por ${element.tagName.toLowerCase()}.${element.className}`);
            }
            break;
        }
    }
    return problems;
}"""


def layout_problems(page) -> list[str]:
    """Overlapping or clipped text on the page as it is now (call after the page settled)."""
    page.add_style_tag(content=".__materialized::before { content: none !important; }")
    page.evaluate(MATERIALIZE_LABELS)
    return page.evaluate(FIND_PROBLEMS)

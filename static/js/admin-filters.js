// Admin list filters shown as a select: choosing an option opens that filtered list.
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-filter-navigation]");
  if (select) {
    window.location.search = select.value;
  }
});

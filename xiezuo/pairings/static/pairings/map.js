/* The pairing map: donor → recipient lines over a locally served China map. */
(function () {
  "use strict";
  const el = document.getElementById("pairing-map");
  const form = document.getElementById("map-filters");
  if (!el || !window.echarts) return;
  const chart = echarts.init(el);
  const d = el.dataset;

  function query() {
    return new URLSearchParams(new FormData(form)).toString();
  }

  function draw(data) {
    document.getElementById("map-count").textContent = data.count + " " + d.labelCount;
    chart.setOption({
      // Tooltips are drawn on the canvas (richText), never as HTML: region names are data
      // and cannot become markup or script, whatever an administrator typed.
      tooltip: {
        trigger: "item", renderMode: "richText",
        formatter: function (p) {
          if (p.seriesType === "lines") {
            const l = p.data.meta;
            return l.donor + " → " + l.recipient + "\n" + l.kind + " · " + l.level + "\n" + l.period;
          }
          return p.name;
        },
      },
      geo: {
        map: "china", roam: true, zoom: 1.15, center: [104, 35.5],
        itemStyle: { areaColor: "#eef3f8", borderColor: "#9fb3c8" },
        emphasis: { itemStyle: { areaColor: "#dce8f5" }, label: { show: false } },
      },
      series: [
        {
          type: "lines", coordinateSystem: "geo", zlevel: 2,
          effect: { show: true, period: 5, symbol: "arrow", symbolSize: 6 },
          lineStyle: { color: "#c0392b", width: 1.2, opacity: 0.65, curveness: 0.25 },
          data: data.lines.map(function (l) { return { coords: l.coords, meta: l, url: l.url }; }),
        },
        {
          type: "scatter", coordinateSystem: "geo", zlevel: 3, symbolSize: 7,
          label: { show: true, position: "right", formatter: "{b}", fontSize: 11, color: "#333" },
          itemStyle: { color: function (p) { return p.data.side === "donor" ? "#c0392b" : "#1f6fd1"; } },
          data: data.points,
        },
      ],
    }, true);
  }

  function load() {
    fetch(d.src + "?" + query(), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(draw);
  }

  chart.on("click", function (p) {
    if (p.seriesType === "lines" && p.data.url) window.location = p.data.url;
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    history.replaceState(null, "", "?" + query());
    load();
  });
  form.addEventListener("change", function () { form.requestSubmit(); });
  window.addEventListener("resize", function () { chart.resize(); });

  fetch(d.geo).then(function (r) { return r.json(); }).then(function (geo) {
    echarts.registerMap("china", geo);
    load();
  });
})();

/* Dashboard charts from the server-computed data embedded in the page. */
(function () {
  "use strict";
  const node = document.getElementById("dashboard-data");
  if (!node || !window.echarts) return;
  const data = JSON.parse(node.textContent);
  const labels = document.getElementById("chart-labels").dataset;
  const charts = [];

  function chart(id, option) {
    const el = document.getElementById(id);
    if (!el) return null;
    const c = echarts.init(el);
    c.setOption(option);
    charts.push(c);
    return c;
  }

  // Every tooltip is drawn on the canvas (richText), never as HTML: names and labels are data
  // and cannot become markup or script.
  const tip = function (extra) { return Object.assign({ renderMode: "richText" }, extra); };
  const axisUnit = { name: data.unit || "", nameTextStyle: { align: "left" } };
  chart("chart-years", {
    tooltip: tip({ trigger: "axis" }), legend: { data: [labels.actual, labels.target] },
    grid: { left: 60, right: 20, top: 40, bottom: 30 },
    xAxis: { type: "category", data: data.years.map(String) },
    yAxis: Object.assign({ type: "value" }, axisUnit),
    series: [
      { name: labels.actual, type: "bar", data: (data.series[0] || {}).data || [], itemStyle: { color: "#1f6fd1" } },
      { name: labels.target, type: "line", data: (data.series[1] || {}).data || [], itemStyle: { color: "#c0392b" } },
    ],
  });
  chart("chart-months", {
    tooltip: tip({ trigger: "axis" }), grid: { left: 60, right: 20, top: 30, bottom: 30 },
    xAxis: { type: "category", data: (data.months || []).map(function (_v, i) { return (i + 1) + "月"; }) },
    yAxis: Object.assign({ type: "value" }, axisUnit),
    series: [{ type: "bar", data: data.months || [], itemStyle: { color: "#409eff" } }],
  });

  const mapEl = document.getElementById("chart-map");
  if (mapEl && data.map && data.map.lines.length) {
    fetch(mapEl.dataset.geo).then(function (r) { return r.json(); }).then(function (geo) {
      echarts.registerMap("china", geo);
      const max = Math.max.apply(null, data.map.lines.map(function (l) { return l.value; }).concat([1]));
      const c = chart("chart-map", {
        tooltip: tip({ trigger: "item", formatter: function (p) {
          return p.data.label + "\n" + p.data.value.toFixed(2) + " " + (data.map.unit || ""); } }),
        geo: { map: "china", roam: true, zoom: 1.2, center: [104, 35.5],
               itemStyle: { areaColor: "#eef3f8", borderColor: "#9fb3c8" } },
        series: [{
          type: "lines", coordinateSystem: "geo",
          data: data.map.lines.map(function (l) {
            return { coords: l.coords, label: l.label, value: l.value, url: l.url,
                     lineStyle: { width: 1 + 7 * l.value / max } };
          }),
          lineStyle: { color: "#c0392b", opacity: 0.7, curveness: 0.2 },
          effect: { show: true, period: 6, symbol: "arrow", symbolSize: 5 },
        }],
      });
      if (c) c.on("click", function (p) { if (p.data && p.data.url) window.location = p.data.url; });
    });
  } else if (mapEl) {
    mapEl.style.height = "auto";
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();

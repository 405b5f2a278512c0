import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { RecordedAddress } from "./recorded-address.tsx";

const html = (ip: string) => renderToStaticMarkup(createElement(RecordedAddress, { ip }));

describe("an address as History shows it", () => {
  // A review's find: on a phone `2001:db8:7:7::/64` broke as "2001:db" / "8:7:7::" / "/64".
  it("lets an IPv6 address wrap only after a colon", () => {
    expect(html("2001:db8:7:7::/64")).toBe(
      "<span>2001:<wbr/></span><span>db8:<wbr/></span><span>7:<wbr/></span><span>7:<wbr/></span><span>:<wbr/></span><span>/64</span>",
    );
    expect(html("203.0.113.7")).toBe("203.0.113.7");
  });

  it("says what a flood's row stands for", () => {
    expect(html("::/0")).toBe('::/0 <span class="hint">many addresses</span>');
  });
});

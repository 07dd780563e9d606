package org.dlmwatch.desk.web;

/** The frame of every page: header with navigation and the signed-in user, main, footer. */
final class Layout {

    private Layout() {}

    static String page(String title, String active, PageContext ctx, String body, String bodyAttributes) {
        Html h = new Html();
        h.raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        h.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        h.f("<title>%s · dlm-watch alert desk</title>", title);
        h.raw("<link rel=\"stylesheet\" href=\"/static/desk.css\">");
        h.raw("<script src=\"/static/desk.js\" defer></script></head>");
        h.raw("<body>");
        h.raw("<a class=\"skip\" href=\"#main\">Skip to content</a>");
        h.raw("<header class=\"topbar\"><div class=\"brand\"><span class=\"logo\" aria-hidden=\"true\"></span>"
                + "<a href=\"/worklist\">dlm-watch <span>Alert desk</span></a></div>");
        if (ctx != null && ctx.user() != null) {
            h.raw("<nav aria-label=\"Main\"><ul>");
            h.f("<li><a href=\"/worklist\"%s>Open alerts</a></li>", "worklist".equals(active) ? " aria-current=\"page\"" : "");
            h.f("<li><a href=\"/alerts?state=ALL\"%s>All alerts</a></li>", "all".equals(active) ? " aria-current=\"page\"" : "");
            h.raw("</ul></nav>");
            h.raw("<div class=\"user\">");
            h.f("<span class=\"who\">%s <span class=\"role\">%s</span></span>", ctx.user().name(), ctx.user().role().label());
            h.f("<form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"%s\">"
                    + "<button type=\"submit\" class=\"link\">Sign out</button></form>", ctx.csrf());
            h.raw("</div>");
        }
        h.raw("</header>");
        h.raw("<main id=\"main\"");
        if (bodyAttributes != null) {
            h.raw(" ").raw(bodyAttributes);
        }
        h.raw(">");
        h.raw(body);
        h.raw("</main><footer><p>dlm-watch is decision support for the multidisciplinary team (MDT), not a diagnosis. "
                + "Alerts follow the clinical specification; every action is recorded with its author and time.</p>"
                + "</footer></body></html>");
        return h.toString();
    }
}

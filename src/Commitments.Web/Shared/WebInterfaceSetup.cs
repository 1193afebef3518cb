using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Commitments.Web;

public static class WebInterfaceSetup
{
    private static readonly CultureInfo[] Cultures = [new("nl-NL"), new("en-GB")];

    public static WebApplicationBuilder AddWebInterface(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorPages(o =>
        {
            // Login, password reset and invitation pages are marked [AllowAnonymous]; everything
            // else needs a signed-in user (fallback policy in IdentitySetup).
            o.Conventions.AuthorizeFolder("/");
        });
        // Write Dutch text (é, ë, ‘’, €) as characters rather than numeric entities: the same to a
        // browser, but pages stay readable and smaller. Markup-significant characters are still encoded.
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            // Dutch first; English for those who ask for it (cookie or browser language).
            o.DefaultRequestCulture = new RequestCulture("nl-NL");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
        });
        return builder;
    }

    public static WebApplication UseWebInterface(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error");
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/Error", "?code={0}");
        app.UseRequestLocalization();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapRazorPages();
        return app;
    }
}

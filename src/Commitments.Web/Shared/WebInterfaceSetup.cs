using System.Globalization;
using Commitments.Web.Identity;
using Microsoft.AspNetCore.Localization;

namespace Commitments.Web;

public static class WebInterfaceSetup
{
    private static readonly CultureInfo[] Cultures = UiCulture.Supported.Select(c => new CultureInfo(c)).ToArray();

    public static WebApplicationBuilder AddWebInterface(this WebApplicationBuilder builder)
    {
        // The Dutch text in the views is the key; English comes from Resources/<view path>.en.resx
        // (e.g. Resources/Pages/Commitments/Index.en.resx) and Resources/SharedResource.en.resx.
        builder.AddSecureTransport();
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        // Every page needs a signed-in user through the fallback policy (IdentitySetup); login,
        // password reset and invitation pages say [AllowAnonymous].
        builder.Services.AddRazorPages(o =>
        {
            o.Conventions.Add(new FilterOverridesAreNotHandlers());
            o.Conventions.Add(new Pages.Benchmark.BenchmarkPagesOnlyInBenchmarkEnvironment(builder.Environment.IsEnvironment(BenchmarkEnvironment)));
        }).AddViewLocalization()
            // Validation attributes name their Dutch message; the English is in Resources/Messages.en.resx.
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(Messages)));
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o => Messages.Apply(o.ModelBindingMessageProvider));
        builder.Services.AddScoped<PageLabels>();
        // Links in e-mails come from App:PublicBaseUrl, never from the request; no start without it.
        var publicBaseUrl = PublicLinks.ReadBaseUrl(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(services => new PublicLinks(publicBaseUrl, services.GetRequiredService<LinkGenerator>()));
        // Host filtering: AllowedHosts from configuration; in Production without it, only the public
        // host name is answered (a load balancer's own name must then be listed explicitly).
        if (string.IsNullOrWhiteSpace(builder.Configuration["AllowedHosts"]) && builder.Environment.IsProduction())
        {
            builder.Services.Configure<Microsoft.AspNetCore.HostFiltering.HostFilteringOptions>(o => o.AllowedHosts = [publicBaseUrl.IdnHost]);
        }
        // Write Dutch text (é, ë, ‘’, €) as characters rather than numeric entities: the same to a
        // browser, but pages stay readable and smaller. Markup-significant characters are still encoded.
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            // Dutch first; English for those who ask for it (cookie or browser language).
            // The language switch (Pages/Culture) sets the standard culture cookie. Dates, numbers and
            // amounts follow the culture too (UiFormat).
            o.DefaultRequestCulture = new RequestCulture(UiCulture.Dutch);
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
        }
        app.UseSecureTransport(); // forwarded headers from known proxies, HTTPS and HSTS outside Development
        app.Use(SecurityHeaders);
        app.UseStatusCodePagesWithReExecute("/Error", "?code={0}");
        app.UseRequestLocalization();
        app.UseStaticFiles();
        // 503 "tijdelijk niet beschikbaar" when the database cannot be reached; before authentication,
        // which reads the database to check the sign-in cookie.
        Faults.DatabaseUnavailable.UseDatabaseUnavailablePage(app);
        app.UseRouting();
        app.UseAttemptLimits(); // after routing: the limited pages are known by their endpoint
        app.UseAuthentication();
        app.UseAccountGate(); // a new password, then the second factor, before anything else
        app.UseAuthorization();
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapRazorPages();
        app.MapBenchmarkBaseline();
        return app;
    }

    /// <summary>The environment name the load tool runs the application in (docs/performance.md).</summary>
    public const string BenchmarkEnvironment = "Benchmark";

    /// <summary>
    /// The load run's bare baseline: an endpoint behind the same sign-in and pipeline that does no work
    /// and renders no layout (the trivial Razor page is Pages/Benchmark/Baseline), so that the pages'
    /// throughput can be compared with what the server does for any signed-in request in the same run. Mapped only when the application runs in the "Benchmark" environment, which only
    /// the load tool's instructions set; a live system runs in Production (the default), where the route
    /// does not exist (404) and is not in the endpoint list the access tests enumerate.
    /// </summary>
    private static void MapBenchmarkBaseline(this WebApplication app)
    {
        if (app.Environment.IsEnvironment(BenchmarkEnvironment))
        {
            app.MapGet("/benchmark/baseline", (HttpContext context) =>
                Results.Text($"<!DOCTYPE html><title>baseline</title><p>{context.User.Identity?.Name?.Length ?? 0}</p>", "text/html"));
        }
    }

    /// <summary>
    /// The pages use no script and no third-party resource, so the browser can be told to refuse
    /// both: injected markup cannot run script, and no other site may frame the pages. The Hangfire
    /// dashboard brings its own scripts, so its policy only forbids framing and plugins. Nothing for a
    /// signed-in user, and no account page, is kept in a browser or proxy cache (back button on a
    /// shared computer), and the pages need no camera, microphone, location or other device.
    /// </summary>
    private static Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        headers["Permissions-Policy"] = PermissionsPolicy;
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(BackgroundJobs.HangfireSetup.DashboardPath)
            ? "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'"
            : "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; " +
              "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";
        var accountPage = context.Request.Path.StartsWithSegments("/Account");
        // The user is known only after authentication, later in the pipeline: decide when the
        // response starts. Whatever a page set itself (a download's caching) is overruled.
        context.Response.OnStarting(() =>
        {
            if (accountPage || context.User.Identity?.IsAuthenticated == true)
            {
                context.Response.Headers.CacheControl = "no-store";
                context.Response.Headers.Pragma = "no-cache";
                context.Response.Headers.Remove("Expires");
            }
            return Task.CompletedTask;
        });
        return next();
    }

    private const string PermissionsPolicy =
        "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(), " +
        "geolocation=(), gyroscope=(), hid=(), magnetometer=(), microphone=(), midi=(), payment=(), " +
        "picture-in-picture=(), screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()";
}

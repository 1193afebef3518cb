using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Commitments.Web.Identity;

/// <summary>
/// HTTPS and reverse proxies (ASVS 9.1, 3.4). Outside Development every http request is redirected to
/// https and answered with HSTS. Behind a reverse proxy that ends TLS, the proxy's X-Forwarded-For
/// and X-Forwarded-Proto are believed only from the addresses in ForwardedHeaders:KnownProxies and
/// ForwardedHeaders:KnownNetworks (CIDR); without them no forwarded header is read at all, so nobody
/// can claim another client address (rate limits) or pretend a request came over https.
/// </summary>
public static class SecureTransport
{
    public const string Section = "ForwardedHeaders";

    public static WebApplicationBuilder AddSecureTransport(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(Section);
        var proxies = section.GetSection("KnownProxies").Get<string[]>() ?? [];
        var networks = section.GetSection("KnownNetworks").Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only what is configured: the defaults (loopback) would trust any local process.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy.Trim()));
            }
            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network.Trim()));
            }
            options.ForwardLimit = Math.Max(1, proxies.Length + networks.Length);
        });
        builder.Services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = false; // the public host name may share a domain with others
        });
        return builder;
    }

    /// <summary>First in the pipeline: everything after it sees the client's address and scheme.</summary>
    public static WebApplication UseSecureTransport(this WebApplication app)
    {
        var section = app.Configuration.GetSection(Section);
        if (section.GetSection("KnownProxies").Get<string[]>() is { Length: > 0 }
            || section.GetSection("KnownNetworks").Get<string[]>() is { Length: > 0 })
        {
            app.UseForwardedHeaders();
        }
        if (!app.Environment.IsDevelopment())
        {
            // `dotnet run` in Development stays on http://localhost; everywhere else https only.
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        return app;
    }
}

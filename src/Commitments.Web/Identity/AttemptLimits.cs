using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Commitments.Web.Identity;

/// <summary>The forms whose posts are limited: each guesses or spends something per attempt.</summary>
public enum AttemptKind
{
    SignIn,
    ForgotPassword,
    ResetPassword,
    AcceptInvitation,

    /// <summary>Authenticator and recovery codes: at sign-in and when setting up the app.</summary>
    TwoFactor,
}

/// <summary>
/// Limits the posts of this page per client address and per account: <paramref name="accountField"/>
/// names the form field that says which account (the e-mail address typed, or the invitation token).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class LimitAttemptsAttribute(AttemptKind kind, string accountField) : Attribute
{
    /// <summary>The account is the one between password and second step (Identity's two-factor cookie).</summary>
    public const string TwoFactorUser = "@two-factor-user";

    /// <summary>The account is the signed-in user.</summary>
    public const string SignedInUser = "@signed-in-user";

    public AttemptKind Kind { get; } = kind;
    public string AccountField { get; } = accountField;
}

/// <summary>Configuration section "RateLimiting": per form, a limit per account and one per client address.</summary>
public sealed class AttemptLimitOptions
{
    public const string Section = "RateLimiting";

    public FormLimits SignIn { get; set; } = new(new(10, TimeSpan.FromMinutes(15)), new(30, TimeSpan.FromMinutes(1)));
    public FormLimits ForgotPassword { get; set; } = new(new(3, TimeSpan.FromHours(1)), new(10, TimeSpan.FromMinutes(15)));
    public FormLimits ResetPassword { get; set; } = new(new(10, TimeSpan.FromMinutes(15)), new(30, TimeSpan.FromMinutes(1)));
    public FormLimits AcceptInvitation { get; set; } = new(new(10, TimeSpan.FromMinutes(15)), new(30, TimeSpan.FromMinutes(1)));
    public FormLimits TwoFactor { get; set; } = new(new(10, TimeSpan.FromMinutes(15)), new(30, TimeSpan.FromMinutes(1)));

    public FormLimits For(AttemptKind kind) => kind switch
    {
        AttemptKind.SignIn => SignIn,
        AttemptKind.ForgotPassword => ForgotPassword,
        AttemptKind.ResetPassword => ResetPassword,
        AttemptKind.AcceptInvitation => AcceptInvitation,
        AttemptKind.TwoFactor => TwoFactor,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public sealed class FormLimits
    {
        public FormLimits()
        {
        }

        public FormLimits(Limit perAccount, Limit perAddress) => (PerAccount, PerAddress) = (perAccount, perAddress);

        public Limit PerAccount { get; set; } = new();
        public Limit PerAddress { get; set; } = new();
    }

    public sealed class Limit
    {
        public Limit()
        {
        }

        public Limit(int permitLimit, TimeSpan window) => (PermitLimit, Window) = (permitLimit, window);

        /// <summary>Attempts allowed in one window.</summary>
        public int PermitLimit { get; set; } = 10;

        /// <summary>Length of the window, e.g. "00:15:00"; it opens with the first attempt.</summary>
        public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
    }
}

/// <summary>
/// Rate limiting of the account forms with ASP.NET Core's rate-limiting middleware. Two limits per
/// post, chained: per client address (someone trying many accounts) and per account (many
/// addresses trying one account). Refused posts get 429 with Retry-After and the error page says, in
/// Dutch or English, how long to wait.
/// </summary>
public static class AttemptLimits
{
    private const string AccountKeyItem = "AttemptLimits.Account";

    public static IServiceCollection AddAttemptLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AttemptLimitOptions>()
            .Bind(configuration.GetSection(AttemptLimitOptions.Section))
            .Validate(o => Enum.GetValues<AttemptKind>().Select(o.For).All(f => Valid(f.PerAccount) && Valid(f.PerAddress)),
                "RateLimiting: every PermitLimit must be at least 1 and every Window longer than zero.")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<AttemptLimitOptions>, TimeProvider>((options, limits, time) =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, limits.Value, time, perAccount: false)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, limits.Value, time, perAccount: true)));
            options.OnRejected = (rejected, _) =>
            {
                // Whole seconds, rounded up: "Retry-After: 0" would invite an immediate retry.
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
                rejected.HttpContext.Response.Headers.RetryAfter =
                    Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                // No body here: the status-code page (/Error?code=429) explains it in the visitor's language.
                return ValueTask.CompletedTask;
            };
        });
        return services;
    }

    /// <summary>After routing, so the page's <see cref="LimitAttemptsAttribute"/> is known.</summary>
    public static WebApplication UseAttemptLimits(this WebApplication app)
    {
        app.Use(ReadAccountOfLimitedPost);
        app.UseRateLimiter();
        return app;
    }

    /// <summary>
    /// The limiter's partitioner cannot wait, so the form of a limited post is read here first; the
    /// page's model binding then reads the same, buffered form.
    /// </summary>
    private static async Task ReadAccountOfLimitedPost(HttpContext context, Func<Task> next)
    {
        if (HttpMethods.IsPost(context.Request.Method)
            && context.GetEndpoint()?.Metadata.GetMetadata<LimitAttemptsAttribute>() is { } limit
            && limit.AccountField is LimitAttemptsAttribute.TwoFactorUser or LimitAttemptsAttribute.SignedInUser)
        {
            // The account is not typed but known from a cookie: the user id.
            var scheme = limit.AccountField == LimitAttemptsAttribute.TwoFactorUser
                ? Microsoft.AspNetCore.Identity.IdentityConstants.TwoFactorUserIdScheme
                : Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme;
            var result = await Microsoft.AspNetCore.Authentication.AuthenticationHttpContextExtensions.AuthenticateAsync(context, scheme);
            var principal = result.Principal;
            var id = principal?.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value
                     ?? principal?.FindFirst(System.Security.Claims.ClaimTypes.Name)?.Value;
            if (id != null)
            {
                context.Items[AccountKeyItem] = id.Length > 320 ? id[..320] : id;
            }
        }
        else if (HttpMethods.IsPost(context.Request.Method)
            && context.GetEndpoint()?.Metadata.GetMetadata<LimitAttemptsAttribute>() is { } typed
            && context.Request.HasFormContentType)
        {
            try
            {
                var form = await context.Request.ReadFormAsync(context.RequestAborted);
                // Model binding takes the field from the form or, failing that, the query (a reset link).
                var value = form[typed.AccountField];
                var account = (value.Count > 0 ? value : context.Request.Query[typed.AccountField]).ToString().Trim();
                if (account.Length > 0)
                {
                    // The same account however it is typed; long input cannot make long keys.
                    account = account.ToUpperInvariant();
                    context.Items[AccountKeyItem] = account.Length > 320 ? account[..320] : account;
                }
            }
            catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
            {
                // A malformed form: the page answers it (400); it still counts against the address.
            }
        }
        await next();
    }

    private static RateLimitPartition<string> Partition(HttpContext context, AttemptLimitOptions options, TimeProvider time, bool perAccount)
    {
        if (!HttpMethods.IsPost(context.Request.Method)
            || context.GetEndpoint()?.Metadata.GetMetadata<LimitAttemptsAttribute>() is not { } limit)
        {
            return RateLimitPartition.GetNoLimiter("");
        }
        var limits = options.For(limit.Kind);
        string key;
        AttemptLimitOptions.Limit rule;
        if (perAccount)
        {
            if (context.Items[AccountKeyItem] is not string account)
            {
                return RateLimitPartition.GetNoLimiter(""); // nothing typed: the form asks for it
            }
            key = $"{limit.Kind}|account|{account}";
            rule = limits.PerAccount;
        }
        else
        {
            key = $"{limit.Kind}|address|{ClientAddress(context.Connection.RemoteIpAddress)}";
            rule = limits.PerAddress;
        }
        return RateLimitPartition.Get(key, _ => new AttemptWindowLimiter(rule.PermitLimit, rule.Window, time));
    }

    /// <summary>
    /// An IPv4 address as is; an IPv6 address by its /64 network, which one subscriber usually gets
    /// whole. Behind a reverse proxy this is the proxy's address unless forwarded headers are enabled
    /// (see docs/operations.md).
    /// </summary>
    internal static string ClientAddress(IPAddress? address)
    {
        if (address == null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static bool Valid(AttemptLimitOptions.Limit limit) => limit.PermitLimit >= 1 && limit.Window > TimeSpan.Zero;
}

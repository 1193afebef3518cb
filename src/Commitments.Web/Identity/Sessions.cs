using System.Globalization;
using System.Security.Claims;
using Commitments.Core.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Commitments.Web.Identity;

/// <summary>Configuration section "Sessions": how long a sign-in lasts.</summary>
public sealed class SignInSessionOptions
{
    public const string Section = "Sessions";

    /// <summary>A session without requests for this long ends (sliding).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A session ends this long after the sign-in, however active it is.</summary>
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// How often a session is checked against the database (security stamp, ended sessions, role and
    /// organisation): sign-out elsewhere, a password or role change take effect within this time.
    /// </summary>
    public TimeSpan ValidationInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Sessions (ASVS 3.3): every sign-in gets a session id and its start time as claims. The cookie
/// handler ends a session after <see cref="SignInSessionOptions.IdleTimeout"/> without requests and this
/// class ends it <see cref="SignInSessionOptions.AbsoluteTimeout"/> after the sign-in. Signing out records
/// the session id as ended in AspNetUserTokens, so a copy of the cookie stops working at the next
/// check; "sign out everywhere", a password change and a role change renew the security stamp, which
/// ends every session of the account at its next check.
/// </summary>
public static class Sessions
{
    public const string IdClaim = "session.id";
    public const string StartClaim = "session.start";
    public const string EndedSessionsToken = "EndedSessions";

    /// <summary>Set on an account that must choose a new password before anything else (AspNetUserClaims).</summary>
    public const string MustChangePasswordClaim = "account.must-change-password";

    public static void Configure(CookieAuthenticationOptions cookie, SignInSessionOptions sessions)
    {
        cookie.ExpireTimeSpan = sessions.IdleTimeout;
        cookie.SlidingExpiration = true;
        cookie.Events.OnSigningIn = OnSigningIn;
        cookie.Events.OnValidatePrincipal = OnValidatePrincipal;
    }

    /// <summary>
    /// A new sign-in starts a session; a renewed sign-in of the same account in the same browser
    /// (password changed, second factor set up) continues it, so it keeps its start time.
    /// </summary>
    private static Task OnSigningIn(CookieSigningInContext context)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identity || identity.HasClaim(c => c.Type == IdClaim))
        {
            return Task.CompletedTask;
        }
        var current = context.HttpContext.User;
        var sameUser = current.Identity?.IsAuthenticated == true
            && current.FindFirstValue(ClaimTypes.NameIdentifier) == identity.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        var time = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        identity.AddClaim(new Claim(IdClaim, sameUser && current.FindFirstValue(IdClaim) is { } id ? id : Guid.NewGuid().ToString("N")));
        identity.AddClaim(new Claim(StartClaim, sameUser && current.FindFirstValue(StartClaim) is { } start
            ? start
            : time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        return Task.CompletedTask;
    }

    private static async Task OnValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var options = services.GetRequiredService<IOptions<SignInSessionOptions>>().Value;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (!long.TryParse(context.Principal?.FindFirstValue(StartClaim), NumberStyles.Integer, CultureInfo.InvariantCulture, out var start)
            || DateTimeOffset.FromUnixTimeSeconds(start) + options.AbsoluteTimeout <= now)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }

    /// <summary>
    /// Claims of this session that a refresh from the database must keep: the session itself and
    /// whether it passed the second step.
    /// </summary>
    public static void KeepSessionClaims(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.NewPrincipal?.Identity is not ClaimsIdentity identity || context.CurrentPrincipal == null)
        {
            return;
        }
        foreach (var claim in context.CurrentPrincipal.Claims.Where(c =>
                     c.Type is IdClaim or StartClaim || (c.Type == TwoFactor.AmrClaim && c.Value == TwoFactor.MfaValue)))
        {
            if (!identity.HasClaim(claim.Type, claim.Value))
            {
                identity.AddClaim(new Claim(claim.Type, claim.Value));
            }
        }
    }

    /// <summary>Ends this session on the server too: its id is refused at the next check.</summary>
    public static async Task EndAsync(UserManager<AppUser> users, AppUser user, ClaimsPrincipal principal, TimeSpan absoluteTimeout, DateTimeOffset now)
    {
        if (principal.FindFirstValue(IdClaim) is not { } id)
        {
            return;
        }
        // "id@start" entries; those older than the absolute time-out can no longer be used anyway.
        var kept = ParseEnded(await users.GetAuthenticationTokenAsync(user, ReplayGuardedAuthenticatorTokenProvider.LoginProvider, EndedSessionsToken))
            .Where(e => DateTimeOffset.FromUnixTimeSeconds(e.Start) + absoluteTimeout > now)
            .Select(e => $"{e.Id}@{e.Start.ToString(CultureInfo.InvariantCulture)}")
            .Append($"{id}@{principal.FindFirstValue(StartClaim) ?? now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}");
        await users.SetAuthenticationTokenAsync(user, ReplayGuardedAuthenticatorTokenProvider.LoginProvider, EndedSessionsToken, string.Join(' ', kept));
    }

    internal static async Task<bool> IsEndedAsync(UserManager<AppUser> users, AppUser user, ClaimsPrincipal principal)
    {
        var id = principal.FindFirstValue(IdClaim);
        var ended = await users.GetAuthenticationTokenAsync(user, ReplayGuardedAuthenticatorTokenProvider.LoginProvider, EndedSessionsToken);
        return id != null && ParseEnded(ended).Any(e => e.Id == id);
    }

    private static IEnumerable<(string Id, long Start)> ParseEnded(string? value) =>
        (value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Split('@'))
            .Where(p => p.Length == 2 && long.TryParse(p[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            .Select(p => (p[0], long.Parse(p[1], CultureInfo.InvariantCulture)));
}

/// <summary>
/// Identity's security-stamp check, which also refuses a session that was signed out. It runs once
/// per <see cref="SignInSessionOptions.ValidationInterval"/> per session (one or two queries), not per request.
/// </summary>
public sealed class SessionValidator(
    IOptions<SecurityStampValidatorOptions> options,
    SignInManager<AppUser> signInManager,
    ILoggerFactory logger) : SecurityStampValidator<AppUser>(options, signInManager, logger)
{
    protected override async Task<AppUser?> VerifySecurityStamp(ClaimsPrincipal? principal)
    {
        var user = await base.VerifySecurityStamp(principal);
        if (user != null && principal != null && await Sessions.IsEndedAsync(SignInManager.UserManager, user, principal))
        {
            return null;
        }
        return user;
    }
}

/// <summary>
/// What a signed-in account must do before anything else: choose a new password (the bootstrap
/// administrator), then set up the second factor (ministry and administrator accounts). Until then
/// every other page sends it there. Decided from the session's claims, without a query.
/// </summary>
public static class AccountGate
{
    public const string PasswordPage = "/Account/Password";
    public const string EnrolPage = "/Account/EnableAuthenticator";

    private static readonly string[] AlwaysOpen = ["/Account/Logout", "/Error", "/Culture", "/health"];

    private static bool IsOpen(HttpContext context) =>
        // Pages anyone may open (sign-in, password reset, invitations) stay open: signing in as
        // someone else is no way around the gate.
        context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() != null
        || AlwaysOpen.Any(p => context.Request.Path.StartsWithSegments(p));

    public static WebApplication UseAccountGate(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var user = context.User;
            if (user.Identity?.IsAuthenticated != true || IsOpen(context))
            {
                return next(context);
            }
            string? required = null;
            if (user.HasClaim(c => c.Type == Sessions.MustChangePasswordClaim))
            {
                required = PasswordPage;
            }
            else if (TwoFactor.IsRequiredFor(user) && !user.HasClaim(TwoFactor.AmrClaim, TwoFactor.MfaValue))
            {
                required = EnrolPage;
            }
            if (required == null || context.Request.Path.StartsWithSegments(required))
            {
                return next(context);
            }
            context.Response.Redirect(required);
            return Task.CompletedTask;
        });
        return app;
    }
}

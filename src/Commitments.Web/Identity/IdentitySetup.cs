using Commitments.Core.Identity;
using Commitments.Core.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Commitments.Web.Identity;

public static class IdentitySetup
{
    /// <summary>
    /// ASP.NET Core Identity on the product's DbContext, with lockout after repeated failures, cookie
    /// sign-in and no self-registration (accounts come from invitations only).
    /// </summary>
    public static WebApplicationBuilder AddCommitmentsIdentity(this WebApplicationBuilder builder)
    {
        builder.Services
            .AddIdentity<AppUser, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false; // an accepted invitation proves the address
                // ASVS 2.1: length and a list of common passwords (CommonPasswordValidator), no
                // composition rules: they push people to "Welkom2018!" rather than to strong passwords.
                options.Password.RequiredLength = CommonPasswordValidator.MinimumLength;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<CommitmentsDbContext>()
            .AddDefaultTokenProviders()
            // Replaces Identity's authenticator provider: a code is accepted once, time from TimeProvider.
            .AddTokenProvider<ReplayGuardedAuthenticatorTokenProvider>(TokenOptions.DefaultAuthenticatorProvider)
            .AddClaimsPrincipalFactory<ScopeClaimsPrincipalFactory>()
            .AddErrorDescriber<DutchIdentityErrorDescriber>()
            .AddPasswordValidator<CommonPasswordValidator>();
        // Identity's EF store with the recovery codes hashed (ADR-0017 addendum).
        builder.Services.Replace(ServiceDescriptor.Scoped<IUserStore<AppUser>, CommitmentsUserStore>());
        builder.Services.AddScoped<AccountSignIn>();
        builder.Services.AddAttemptLimits(builder.Configuration);
        builder.Services.AddOptions<SignInSessionOptions>()
            .Bind(builder.Configuration.GetSection(SignInSessionOptions.Section))
            .Validate(o => o.IdleTimeout > TimeSpan.Zero && o.AbsoluteTimeout >= o.IdleTimeout && o.ValidationInterval > TimeSpan.Zero,
                "Sessions: IdleTimeout and ValidationInterval must be longer than zero, AbsoluteTimeout at least IdleTimeout.")
            .ValidateOnStart();
        builder.Services.Replace(ServiceDescriptor.Scoped<ISecurityStampValidator, SessionValidator>());
        var sessions = builder.Configuration.GetSection(SignInSessionOptions.Section).Get<SignInSessionOptions>() ?? new SignInSessionOptions();

        // Password reset links are valid for a working day, not the default of one day plus.
        builder.Services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(8));

        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Account/Login";
            options.LogoutPath = "/Account/Logout";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.Cookie.Name = "techniekpact.auth";
            options.Cookie.HttpOnly = true;
            // Lax, not Strict: a link in a reminder e-mail must open the form signed in.
            options.Cookie.SameSite = SameSiteMode.Lax;
            // Secure always, also on http://localhost in Development: browsers keep Secure cookies
            // from http://localhost and 127.0.0.1, and the tests' clients use https addresses.
            options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            Sessions.Configure(options, sessions); // idle and absolute time-outs, ended sessions
            options.Events.OnSignedIn = SignInLanguage.OnSignedInAsync; // the account's language on a new browser
        });
        builder.Services.ConfigureExternalCookie(o => o.Cookie.SecurePolicy = CookieSecurePolicy.Always);
        builder.Services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, o =>
        {
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Cookie.HttpOnly = true;
        });

        // Role, organisation, region and the security stamp are checked against the database once per
        // interval per session (not per request): sign-out elsewhere, a password or role change, or a
        // move to another organisation take effect within it (ADR-0017).
        builder.Services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = sessions.ValidationInterval;
            o.OnRefreshingPrincipal = context =>
            {
                Sessions.KeepSessionClaims(context);
                return Task.CompletedTask;
            };
        });

        // Keys live in the database so that sign-in cookies and reset links survive restarts and
        // work on every instance.
        builder.Services.AddDataProtection()
            .SetApplicationName("Commitments")
            .PersistKeysToDbContext<CommitmentsDbContext>();

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Administrator, p => p.RequireRole(Roles.Administrator))
            .AddPolicy(Policies.ReadsReports, p => p.RequireRole(Roles.Ministry, Roles.RegionalLead, Roles.Administrator))
            // The annual report also for partners: their own organisation's, to check before the deadline.
            .AddPolicy(Policies.DownloadsAnnualReport, p => p.RequireRole(Roles.Ministry, Roles.RegionalLead, Roles.Administrator, Roles.Partner))
            .AddPolicy(Policies.Reviews, p => p.RequireRole(Roles.RegionalLead, Roles.Administrator))
            .AddPolicy(Policies.Partner, p => p.RequireRole(Roles.Partner))
            .AddPolicy(Policies.Invites, p => p.RequireRole(Roles.Partner, Roles.Administrator))
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return builder;
    }
}

/// <summary>Authorization policy names. Pages say which they need; the data scope does the rest.</summary>
public static class Policies
{
    public const string Administrator = nameof(Administrator);
    public const string ReadsReports = nameof(ReadsReports);
    public const string DownloadsAnnualReport = nameof(DownloadsAnnualReport);
    public const string Reviews = nameof(Reviews);
    public const string Partner = nameof(Partner);
    public const string Invites = nameof(Invites);
}

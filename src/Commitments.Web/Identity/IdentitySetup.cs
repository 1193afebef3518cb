using Commitments.Core.Identity;
using Commitments.Core.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

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
            .AddClaimsPrincipalFactory<ScopeClaimsPrincipalFactory>()
            .AddErrorDescriber<DutchIdentityErrorDescriber>()
            .AddPasswordValidator<CommonPasswordValidator>();
        builder.Services.AddScoped<AccountSignIn>();
        builder.Services.AddAttemptLimits(builder.Configuration);

        // Password reset links are valid for a working day, not the default of one day plus.
        builder.Services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(8));

        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Account/Login";
            options.LogoutPath = "/Account/Logout";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.Cookie.Name = "techniekpact.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.Events.OnSignedIn = SignInLanguage.OnSignedInAsync; // the account's language on a new browser
        });

        // Role, organisation and region are in the cookie; re-read them from the database every few
        // minutes so that a user moved to another organisation, or locked out, loses access quickly.
        builder.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(5));

        // Keys live in the database so that sign-in cookies and reset links survive restarts and
        // work on every instance.
        builder.Services.AddDataProtection()
            .SetApplicationName("Commitments")
            .PersistKeysToDbContext<CommitmentsDbContext>();

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Administrator, p => p.RequireRole(Roles.Administrator))
            .AddPolicy(Policies.ReadsReports, p => p.RequireRole(Roles.Ministry, Roles.RegionalLead, Roles.Administrator))
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
    public const string Reviews = nameof(Reviews);
    public const string Partner = nameof(Partner);
    public const string Invites = nameof(Invites);
}

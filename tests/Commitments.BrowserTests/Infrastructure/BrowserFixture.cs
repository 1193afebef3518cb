using Commitments.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Commitments.BrowserTests.Infrastructure;

/// <summary>
/// One application on Kestrel and one headless Chromium, shared by every browser test: starting
/// them is the expensive part. Each test gets its own browser context, so cookies never carry over.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumVariable = "COMMITMENTS_TEST_CHROMIUM";

    /// <summary>
    /// Debian's Chromium (apt package <c>chromium</c>) unless COMMITMENTS_TEST_CHROMIUM names another
    /// executable: Playwright cannot download its own browsers on our machines.
    /// </summary>
    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    private KestrelWebFactory? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static bool ChromiumInstalled => File.Exists(ChromiumPath);

    public KestrelWebFactory App => _app ?? throw new InvalidOperationException("The application was not started.");

    public async Task InitializeAsync()
    {
        if (!ChromiumInstalled)
        {
            return; // every test reports it through RequireChromium()
        }
        _app = new KestrelWebFactory();
        await ((IAsyncLifetime)_app).InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>
    /// Skips the calling test when Chromium is not installed, with instructions; under CI=true it
    /// fails instead, so that a CI machine without a browser cannot pass by running nothing.
    /// </summary>
    public static void RequireChromium()
    {
        if (ChromiumInstalled)
        {
            return;
        }
        var message = $"Chromium is not installed at {ChromiumPath}: run `apt-get install -y chromium fonts-liberation` " +
                      $"(or set {ChromiumVariable} to a Chromium executable) to run the browser tests.";
        if (TestDatabase.InCi)
        {
            throw new InvalidOperationException("CI=true: " + message);
        }
        Skip.If(true, message);
    }

    /// <summary>A fresh, signed-out browser tab on the application, in Dutch.</summary>
    public async Task<IPage> NewPageAsync()
    {
        RequireChromium();
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.RootUri.ToString(),
            Locale = "nl-NL",
            TimezoneId = "Europe/Amsterdam",
        });
        // A page that does not answer within seconds is a failure, not something to wait 30 s for.
        context.SetDefaultTimeout(10_000);
        return await context.NewPageAsync();
    }

    /// <summary>A browser tab signed in through the login page as the given demo account.</summary>
    public async Task<IPage> SignedInPageAsync(string email)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("E-mailadres", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Wachtwoord", new() { Exact = true }).FillAsync(CommitmentsWebFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
        return page;
    }

    public async Task DisposeAsync()
    {
        if (_browser != null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_app != null)
        {
            await ((IAsyncLifetime)_app).DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

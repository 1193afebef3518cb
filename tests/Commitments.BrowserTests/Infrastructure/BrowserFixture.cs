using Commitments.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Commitments.BrowserTests.Infrastructure;

/// <summary>
/// One application on Kestrel and one headless Chromium, shared by every browser test: starting
/// them is the expensive part. Each test gets its own browser context, so cookies never carry over.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumVariable = "COMMITMENTS_TEST_CHROMIUM";

    /// <summary>
    /// How long a page, element or assertion may take. Generous on purpose: CI runs on two cores shared
    /// with other builds, where a sign-in once took more than 10 s. A test that waits for something that
    /// never comes still fails, only later; one that is merely slow no longer fails.
    /// </summary>
    public const float Timeout = 60_000;

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
        // The Expect(...) assertions have a process-wide default of 5 s.
        SetDefaultExpectTimeout(Timeout);
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
    /// Skips the calling test when Chromium is not installed, with instructions; under CI it
    /// fails instead, so that a CI machine without a browser cannot pass by running nothing.
    /// </summary>
    public static void RequireChromium()
    {
        if (ChromiumInstalled)
        {
            return;
        }
        TestEnvironment.ServiceMissing(
            $"Chromium is not installed at {ChromiumPath}: run `apt-get install -y chromium fonts-liberation` " +
            $"(or set {ChromiumVariable} to a Chromium executable) to run the browser tests.");
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
        context.SetDefaultTimeout(Timeout);
        context.SetDefaultNavigationTimeout(Timeout);
        // A browser that chose Dutch: the language stored on an account is applied at sign-in only on
        // a browser without a choice, so one test's switch to English never carries into the next.
        await context.AddCookiesAsync([new Cookie { Name = ".AspNetCore.Culture", Value = "c%3Dnl-NL%7Cuic%3Dnl-NL", Url = App.RootUri.ToString() }]);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// A browser tab signed in through the login page as the given demo account, on the page the
    /// application lands on. It returns once the header says who is signed in: what the user waits for.
    /// </summary>
    public async Task<IPage> SignedInPageAsync(string email)
    {
        var page = await NewPageAsync();
        // Ministry and administrator accounts must use two-step verification: the test key, set up
        // once; the code is computed for the application's (fake) clock, as a phone would show it.
        await TwoFactorCodes.EnrolIfRequiredAsync(App.Services, email);
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("E-mailadres", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Wachtwoord", new() { Exact = true }).FillAsync(CommitmentsWebFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen", Exact = true }).ClickAsync();
        var code = page.GetByLabel("Verificatiecode", new() { Exact = true });
        await Expect(page.Locator("header .signed-in").Or(code)).ToBeVisibleAsync();
        if (await code.IsVisibleAsync())
        {
            await code.FillAsync(await TwoFactorCodes.NextCodeAsync(App.Services, email, App.Time.GetUtcNow()));
            await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen", Exact = true }).ClickAsync();
        }
        await Expect(page.Locator("header .signed-in")).ToContainTextAsync(email);
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

namespace Commitments.Web.Demo;

public static class DemoSetup
{
    public const string DevelopmentPassword = "Techniekpact2018!";

    public static IServiceCollection AddDemoData(this IServiceCollection services) =>
        services.AddScoped<DemoDataSeeder>();

    /// <summary>
    /// Seeds demo data in Development, or when Demo:Seed is true, but never in Production, whatever
    /// the configuration says: demo passwords must not exist on a live system.
    /// </summary>
    public static async Task SeedDemoDataAsync(this WebApplication app)
    {
        var seed = app.Configuration.GetValue("Demo:Seed", app.Environment.IsDevelopment());
        if (!seed)
        {
            return;
        }
        if (app.Environment.IsProduction())
        {
            app.Logger.LogWarning("Demo:Seed is ignored in Production.");
            return;
        }
        var password = app.Configuration["Demo:Password"];
        if (string.IsNullOrEmpty(password))
        {
            password = DevelopmentPassword;
        }
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync(password);

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var urls = string.Join(", ", app.Urls);
            Console.WriteLine($"""

                Techniekpact toezeggingen draait op {urls}
                Demo-accounts (wachtwoord: {password}):
                  admin@{DemoDataSeeder.Domain}              beheerder
                  ocw@{DemoDataSeeder.Domain}, ezk@{DemoDataSeeder.Domain}   ministerie
                  trekker.noord@{DemoDataSeeder.Domain} (ook .oost, .zuid, .noordwest, .zuidwest)   landsdeeltrekker
                  partner.drenthe@{DemoDataSeeder.Domain}, partner.groningen@{DemoDataSeeder.Domain}, partner.limburg@{DemoDataSeeder.Domain}   partner
                Probeer: trekker.noord beoordeelt wat onder 'Te beoordelen' wacht (ook een revisie);
                partner.drenthe ziet een teruggestuurde toezegging en een co-partnerverzoek.

                """);
        });
    }
}

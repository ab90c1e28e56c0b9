package dev.brisk.controller;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The controller's packages only point down, checked by ArchUnit on the compiled classes:
 * <pre>
 *   apigw: API routes, served through web
 *   api   web   admin  catalog  retention   resources: build the HTTP answers; the catalog installs through
 *                                          entity's stores; retention deletes expired activations (limits say when)
 *   console                    the web console's static files; it uses no other package
 *   alarms                     the alarms feed: schedules trigger fires and fires them through invoke
 *    metrics  |    |           metrics: counts what invoke reports (its events), read by api's /metrics
 *     \    |    /    \
 *      invoke   auth   |       invoke: domain outcomes (Invocation), no JAX-RS Response
 *        |   \   |  \  |
 *      limits  entity  http    limits asks an interface (ActivationsInFlight); http is the web side's plumbing
 * </pre>
 * {@code http} uses no other package; {@code entity} none either. A new package needs its layer here.
 */
class PackageLayersTest {
    private static final String ROOT = "dev.brisk.controller";
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void everyPackageUsesOnlyThePackagesBelowIt() {
        Architectures.layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("apigw").definedBy(ROOT + ".apigw..")
                .layer("api").definedBy(ROOT + ".api..")
                .layer("web").definedBy(ROOT + ".web..")
                .layer("admin").definedBy(ROOT + ".admin..")
                .layer("catalog").definedBy(ROOT + ".catalog..")
                .layer("retention").definedBy(ROOT + ".retention..")
                .layer("console").definedBy(ROOT + ".console..")
                .layer("alarms").definedBy(ROOT + ".alarms..")
                .layer("metrics").definedBy(ROOT + ".metrics..")
                .layer("auth").definedBy(ROOT + ".auth..")
                .layer("invoke").definedBy(ROOT + ".invoke..")
                .layer("limits").definedBy(ROOT + ".limits..")
                .layer("entity").definedBy(ROOT + ".entity..")
                .layer("http").definedBy(ROOT + ".http..")
                .whereLayer("apigw").mayNotBeAccessedByAnyLayer()
                .whereLayer("api").mayNotBeAccessedByAnyLayer()
                .whereLayer("web").mayOnlyBeAccessedByLayers("apigw")
                .whereLayer("admin").mayNotBeAccessedByAnyLayer()
                .whereLayer("catalog").mayNotBeAccessedByAnyLayer()
                .whereLayer("retention").mayNotBeAccessedByAnyLayer()
                .whereLayer("metrics").mayOnlyBeAccessedByLayers("api", "retention")
                .whereLayer("console").mayNotBeAccessedByAnyLayer()
                .whereLayer("alarms").mayNotBeAccessedByAnyLayer()
                .whereLayer("auth").mayOnlyBeAccessedByLayers("api", "web", "admin", "apigw", "alarms")
                .whereLayer("invoke").mayOnlyBeAccessedByLayers("api", "web", "metrics", "alarms")
                .whereLayer("limits").mayOnlyBeAccessedByLayers("api", "web", "admin", "invoke", "retention", "alarms")
                .whereLayer("entity").mayOnlyBeAccessedByLayers("api", "web", "admin", "auth", "invoke", "limits",
                        "catalog", "retention", "apigw", "alarms")
                .whereLayer("http").mayOnlyBeAccessedByLayers("api", "web", "admin", "auth", "apigw", "alarms")
                .check(CLASSES);
    }

    @Test
    void thePackagesHaveNoCircle() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void invokeAnswersWithOutcomesNotHttpResponses() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                .that().resideInAnyPackage(ROOT + ".invoke..", ROOT + ".entity..", ROOT + ".limits..", ROOT + ".metrics..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..")
                .check(CLASSES);
    }

    @Test
    void theConsoleUsesNoOtherControllerPackage() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                .that().resideInAPackage(ROOT + ".console..")
                .should().dependOnClassesThat(com.tngtech.archunit.core.domain.JavaClass.Predicates
                        .resideInAPackage(ROOT + "..")
                        .and(com.tngtech.archunit.base.DescribedPredicate.not(
                                com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(ROOT + ".console.."))))
                .check(CLASSES);
    }

    @Test
    void everyClassIsInALayer() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
                .that().resideOutsideOfPackage(ROOT)
                .should().resideInAnyPackage(ROOT + ".apigw..", ROOT + ".api..", ROOT + ".web..", ROOT + ".admin..", ROOT + ".metrics..", ROOT + ".catalog..",
                        ROOT + ".retention..", ROOT + ".console..", ROOT + ".alarms..",
                        ROOT + ".auth..", ROOT + ".invoke..", ROOT + ".limits..", ROOT + ".entity..", ROOT + ".http..")
                .check(CLASSES);
    }

    @Test
    void theImportSawTheController() {
        assertTrue(CLASSES.containPackage(ROOT + ".api") && CLASSES.containPackage(ROOT + ".http"),
                "the class import found no controller classes");
    }
}

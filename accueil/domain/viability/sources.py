"""Bibliographic references cited by the viability engine's formulas, labels and criteria.

Holds only constant strings (a French label and the public address it was read at), so that a
page, a report or the methodological note can show where a number comes from. It must not hold
any figure used in a computation: the figures live next to the formula that uses them.
"""

from __future__ import annotations

PCG_SIG = (
    "Plan comptable général (règlement ANC n° 2014-03), tableau des soldes intermédiaires de "
    "gestion ; définitions reprises par la CCI : https://business-builder.cci.fr/guide-creation/"
    "le-previsionnel-financier/les-soldes-intermediaires-de-gestion"
)
SIG_WORKED_EXAMPLE = (
    "Exemple chiffré de SIG et de CAF : "
    "http://sylviejo.perso.infonie.fr/formation/gestion/SIGEX.htm"
)
CAF_METHODS = (
    "CAF additive (à partir du résultat net) et soustractive (à partir de l'EBE), qui aboutissent "
    "au même montant : https://fr.scribd.com/document/700677264/2-caf-synthese ; "
    "https://idbourse.com/?p=2765 ; Exercices corrigés d'analyse financière (Gualino), corrigé 3 : "
    "https://nxtbook.com/lextenso-editions/Gualino/978-2-297-25918-7/index.php?startid=62"
)
REGISTRATION_DUTIES = (
    "CGI art. 719 (droit budgétaire 0 / 2 / 0,6 / 2,6 %) et taxes additionnelles départementale "
    "et communale, soit 0 % jusqu'à 23 000 €, 3 % jusqu'à 200 000 €, 5 % au-delà, minimum 25 € "
    "au-delà de 23 000 € (CGI art. 674) ; fiche Service-public F32581 : "
    "https://berrelesalpes.fr/professionnels/?xml=F32581 ; https://agecor.fr/?p=655"
)
RURAL_REDUCED_RATE = (
    "CGI art. 722 bis : le droit budgétaire de 2 % (fraction 23 000–107 000 €) est réduit à 0 % "
    "dans les zones France Ruralités Revitalisation (ex-ZRR) et les ZFU-TE, soit 1 % au total sur "
    "cette fraction, contre engagement d'exploiter 5 ans : https://juriblio.fr/codes/"
    "code-general-des-impots-cgi/livre-premier/premiere-partie/titre-iv/chapitre-premier/"
    "section-ii/iii/a/2/3o ; barème réduit : https://fiducie.fr/actualites/article?actu=k4_1187976"
)
LOAN_ANNUITY = (
    "Annuité constante a = C × i / (1 − (1 + i)^−n) et tableau d'amortissement (exemple : "
    "20 000 €, 4 ans, 5 % → 5 640,24 €) : http://experts-univers.com/mathematique-financiere.html ;"
    " http://ressources.aunege.fr/nuxeo/site/esupversions/32a059fc-75f3-4ab3-9f37-ac936d50ad39/"
    "co/D03_A02_P02_ResulG.html"
)
BREAK_EVEN = (
    "Seuil de rentabilité = charges fixes / taux de marge sur coûts variables ; point mort en "
    "jours = seuil × 365 / CA ; marge et indice de sécurité : https://www.fint.fr/glossaire/"
    "seuil-de-rentabilite ; https://fr.scribd.com/document/622942267/SR-Comment-faire"
)
WORKING_CAPITAL = (
    "BFR = stocks + créances clients − dettes fournisseurs, exprimé en jours de chiffre "
    "d'affaires (× 365 / CA) : https://www.crma-idf.com/?p=1565 ; https://www.compta-online.com/"
    "bfr-bfr-normatif-quelle-difference-vi444"
)
DSCR = (
    "DSCR = flux disponible pour le service de la dette / annuités (capital + intérêts) ; les "
    "banques demandent souvent 1,2 à 1,5 pour une reprise de TPE-PME : https://www.itera-"
    "innovation.fr/blog/2-min-pour-comprendre-le-dscr-lindicateur-fetiche-du-banquier ; "
    "https://fr.m.wikipedia.org/wiki/Taux_de_couverture_de_la_dette"
)
ANNUITY_TO_CAF = (
    "Part de la CAF consacrée aux annuités d'emprunt : 75 % au plus selon la CCI Grand Lille "
    "(https://hautsdefrance.cci.fr/actualites/quel-apport-pour-racheter-une-entreprise-"
    "reponses-dun-expert/), 60 % souvent cité (https://www.transentreprise.com/actualite/"
    "detail/139) ; 70 % retenu par défaut"
)
PERSONAL_CONTRIBUTION = (
    "Apport personnel attendu de 20 à 30 % (https://cra.asso.fr/pret-reprise-entreprise.aspx), "
    "20 à 40 % selon l'activité (https://hautsdefrance.cci.fr/actualites/quel-apport-pour-"
    "racheter-une-entreprise-reponses-dun-expert/)"
)
DEBT_TO_CAF = (
    "Dettes financières / CAF inférieur à 3 ou 4 ans ; autonomie financière = capitaux propres / "
    "total du bilan : "
    "https://direns.minesparis.psl.eu/Sites/ComptaG/co/comptagenerale_ULcg38-0.html ; "
    "https://comptajob.fr/blog/actualites/tout-savoir-sur-la-capacite-de-remboursement"
)
SMIC_2026 = (
    "Smic au 1er janvier 2026 : 12,02 € brut de l'heure, 1 823,03 € brut et 1 443,11 € net par "
    "mois : https://www.lafinancepourtous.com/2025/12/17/revalorisation-du-smic-au-1er-janvier-"
    "2026-118 ; https://hrconseil.com/2026/01/05/revalorisation-de-118-du-smic-au-1er-janvier"
)
SOCIAL_CHARGES_TNS = (
    "Travailleur non salarié : cotisations d'environ 45 % du revenu net : https://assurance-tns.fr/"
    "blog/tns-ou-assimile-salarie ; https://abcportage.fr/portage-salarial/actualites/2024-02/"
    "cotisations-sociales-principes-et-fonctionnement ; https://bpifrance-creation.fr/"
    "moment-de-vie/mes-cotisations-sociales-pourquoi-combien-comment"
)
SOCIAL_CHARGES_ASSIMILATED = (
    "Dirigeant assimilé salarié : cotisations patronales et salariales d'environ 80 % de la "
    "rémunération nette (entre 60 et 80 % selon https://indy.fr/blog/statut-choisir-maximiser-"
    "couverture-sociale ; environ 80 % selon https://synonyme-du-mot.com/les-articles/"
    "quelles-sont-les-cotisations-minimales-pour-un-president-de-sas)"
)
CORPORATE_TAX = (
    "Impôt sur les sociétés (CGI art. 219) : 15 % jusqu'à 42 500 € de bénéfice pour les PME, 25 % "
    "au-delà : https://expert-comptable-en-ligne.fr/r/quels-impacts-la-reforme-de-l-impot-sur-"
    "les-societes-en-2025-aura-t-elle-sur-les-pme-francaises"
)
TURNOVER_SCALES_ESCAPIMMO = (
    "Principaux barèmes en % du CA annuel TTC : http://escapimmo.fr/principaux-baremes-0"
)
TURNOVER_SCALES_VALOSCAN = (
    "Coefficients par secteur en % du CA (Francis Lefebvre, Mémento Évaluation 10e éd. ; "
    "Interfimo 2025 ; CCI) : https://www.valoscan.com/methodologie"
)
TURNOVER_SCALES_FAST_FOOD = (
    "Restauration rapide : 30 à 80 % du CA HT (Francis Lefebvre, 10e éd.) ; multiple d'EBE de "
    "3,69 à 11,71 (evaluation-fonds-de-commerce.fr) : https://lhotellerie-restauration.fr/"
    "sos-experts/quels-coefficients-appliquer-pour-evaluer-un-restaurant-rapide"
)
EBE_MULTIPLES = (
    "Multiples d'EBE retraité : restaurant traditionnel environ 3 fois (https://m.lhotellerie-"
    "restauration.fr/actualite/estimer-la-valeur-d-un-fonds-l-exemple-d-un-restaurant-a-"
    "cherbourg) ; pharmacie 6,1 et tabac 5 en 2023 (https://www.agencebordeyne.com/methodes-d-"
    "evaluation-d-un-fonds-de-commerce---ca-vs-ebe--quelle-approche-choisir--_ad65.html)"
)
TOOL_DEFAULT = "Hypothèse par défaut de l'outil, à ajuster par le chargé de mission"
PATRIMONIAL_METHODS = (
    "ANCC = capitaux propres − actifs fictifs + plus-values latentes ; méthode des praticiens : "
    "valeur = (ANCC + valeur de rendement) / 2 : https://nomadeducation.com/revisions/dscg-2e-"
    "annee-lb477196/evaluation-a-travers-les-approches-patrimoniales-e-cy07b444 ; "
    "http://memoireonline.com/06/08/1166/m_anomalies-nouvelles-introductions-en-bourse-nouveau-"
    "marche-francais3.html"
)
CAPITALISED_EARNINGS = (
    "Valeur de rendement = bénéfice net retraité / taux de capitalisation : "
    "http://www.quevautmonentreprise.com/methodes-evaluation-entreprises.html"
)
EBE_RESTATEMENT = (
    "EBE retraité : réintégration de la rémunération du cédant, loyer de marché, éléments "
    "exceptionnels retirés : https://m.lhotellerie-restauration.fr/actualite/estimer-la-valeur-d-"
    "un-fonds-l-exemple-d-un-restaurant-a-cherbourg ; https://www.agencebordeyne.com/methodes-d-"
    "evaluation-d-un-fonds-de-commerce---ca-vs-ebe--quelle-approche-choisir--_ad65.html"
)
FINANCING_GAP = (
    "Le plan de financement initial est équilibré : les besoins durables sont entièrement "
    "couverts par des ressources durables, les deux colonnes ont le même total "
    "(https://saggnancy.com/2019/07/le-plan-de-financement-initial-dun-projet-de-creation-"
    "dentreprise ; https://lecoindesentrepreneurs.fr/?p=23626 ; un solde négatif serait financé "
    "par découvert : http://www.commentcreersonentreprise.fr/plan-de-financement)"
)
SHARE_TRANSFER_DUTIES = (
    "CGI art. 726 : cession d'actions (SA, SAS) 0,1 % (I-1°) ; cession de parts sociales "
    "(SARL, EURL) 3 % après un abattement égal, pour chaque part, à 23 000 € divisé par le "
    "nombre total de parts (I-1° bis) : https://lexbase.fr/numlxb/L4144MGL ; BOFiP "
    "BOI-ENR-DMTOM-40-10-20 : https://bofip.impots.gouv.fr/bofip/3262-PGP.html ; "
    "https://www.rapport-congresdesnotaires.fr/2025-rapport-du-121e-congres/le-regime-fiscal"
)
EQUITY_VALUE = (
    "Valeur des titres = valeur d'entreprise − endettement financier net (dettes financières − "
    "trésorerie) ; survaleur (goodwill) = valeur − ANCC ; méthode des praticiens : survaleur = "
    "(valeur de rendement − ANCC) / 2 : https://nomadeducation.com/revisions/dscg-2e-annee-"
    "lb477196/evaluation-a-travers-les-approches-patrimoniales-e-cy07b444"
)
BORROWER_INSURANCE = (
    "Assurance emprunteur : prime calculée sur le capital emprunté (constante) ou sur le capital "
    "restant dû (dégressive), ajoutée à l'échéance et au coût du crédit : "
    "http://www.emprunt-et-credit.com/news/112/105/calcul-assurance-sur-capital-restant-du.htm ; "
    "https://cdn.magnolia.fr/assurance-de-pret/capital-restant-du ; "
    "https://www.ec-ferco.fr/remboursement-demprunt"
)
INCOME_TAX = (
    "Entreprise à l'impôt sur le revenu : le bénéfice est imposé au nom de l'exploitant, "
    "barème progressif de l'article 197 du CGI (11 % sur la première tranche imposable, taux "
    "moyen à ajuster) ; ses cotisations de travailleur non salarié sont assises sur ce "
    "bénéfice : https://www.service-public.fr/particuliers/vosdroits/F1419 ; "
    "https://bpifrance-creation.fr/moment-de-vie/mes-cotisations-sociales-pourquoi-combien-"
    "comment"
)
VAT_RATES = (
    "Taux de TVA : 20 % (CGI art. 278), 10 % restauration et hébergement (art. 279), 5,5 % "
    "produits alimentaires et médicaments remboursables (art. 278-0 bis) : "
    "https://entreprendre.service-public.fr/vosdroits/F23567"
)
VAT_PREFINANCING = (
    "La TVA payée sur les investissements et le stock initial est avancée puis récupérée : le "
    "plan de financement initial lui consacre une ligne de besoins "
    "(http://it.agecsa.com/print_expert_comptable_guide_guidechap7_2.html ; "
    "https://saggnancy.com/2019/07/le-plan-de-financement-initial-dun-projet-de-creation-"
    "dentreprise), financée par un crédit relais de TVA remboursé quand elle est récupérée ; "
    "la cession d'un fonds de commerce, stock compris, est dispensée de TVA "
    "(transmission d'universalité, CGI art. 257 bis)"
)
GROWTH_RATE = (
    "Taux de croissance annuel moyen = (valeur finale / valeur initiale)^(1 / nombre d'années) − "
    "1, le nombre d'années étant l'écart entre les deux exercices : "
    "https://fr.wikipedia.org/wiki/Taux_de_croissance_annuel_moyen"
)
BREAK_EVEN_WORKED_EXAMPLES = (
    "Charges fixes = marge sur coûts variables − résultat d'exploitation (Gualino, exercices "
    "corrigés d'analyse financière, corrigé 4 : https://nxtbook.com/lextenso-editions/Gualino/"
    "978-2-297-25918-7/index.php?startid=75) ; le point mort est la date à laquelle le seuil "
    "est atteint, point mort = seuil / CA × 365 jours (https://public.iutenligne.net/gestion/"
    "gestion-financiere/leygonie/analyse_financiere_td/TD6-LE-SEUIL-DE-RENTABILITE/EXERCICE2/"
    "corrige2.html)"
)
BORROWING_CAPACITY = (
    "Capacité d'emprunt = valeur actuelle de l'annuité supportable, C = a × (1 − (1 + i)^−n) / i, "
    "l'annuité supportable respectant les deux ratios du verdict (annuités / CAF et DSCR) : "
    "http://experts-univers.com/mathematique-financiere.html ; "
    "https://comptajob.fr/blog/actualites/tout-savoir-sur-la-capacite-de-remboursement"
)
